/**
 * Anaplan authentication service tokens: Basic login mints a token, calls send
 * `Authorization: AnaplanAuthToken {tokenValue}`, refresh swaps it for a new one before expiry.
 * Expiry follows the sandbox clock.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { SandboxClock } from '../kit/clock.js';

/** What the auth service returns as `tokenInfo`. */
export interface AnaplanTokenInfo {
  tokenValue: string;
  tokenId: string;
  /** Epoch milliseconds (sandbox clock). */
  expiresAt: number;
  refreshTokenId: string;
}

/** Mints, validates, refreshes and revokes tokens. */
export interface AnaplanTokenService {
  mint(user: string): AnaplanTokenInfo;
  /** The token's user when valid; 'expired' or 'unknown' otherwise. */
  check(tokenValue: string): { user: string; info: AnaplanTokenInfo } | 'expired' | 'unknown';
  revoke(tokenValue: string): void;
  clear(): void;
}

/** Creates the token service; tokens live `ttlMs` of sandbox time (Anaplan: 35 minutes). */
export function createAnaplanTokenService(options: { clock: SandboxClock; ttlMs: number }): AnaplanTokenService {
  const tokens = new Map<string, { user: string; info: AnaplanTokenInfo }>();
  return {
    mint(user) {
      const info: AnaplanTokenInfo = {
        tokenValue: `${randomUUID()}.${randomBytes(24).toString('base64url')}`,
        tokenId: randomUUID(),
        expiresAt: options.clock.now().getTime() + options.ttlMs,
        refreshTokenId: randomUUID(),
      };
      tokens.set(info.tokenValue, { user, info });
      return info;
    },
    check(tokenValue) {
      const entry = tokens.get(tokenValue);
      if (!entry) return 'unknown';
      return options.clock.now().getTime() < entry.info.expiresAt ? entry : 'expired';
    },
    revoke: (tokenValue) => void tokens.delete(tokenValue),
    clear: () => tokens.clear(),
  };
}

/** Reads `Authorization: AnaplanAuthToken <value>`. */
export function parseAnaplanAuthToken(header: string | undefined): string | undefined {
  return /^AnaplanAuthToken\s+(\S+)$/i.exec(header ?? '')?.[1];
}
