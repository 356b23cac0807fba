/**
 * Workday OAuth 2.0 for integration system users: a long-lived refresh token (registered API
 * client) is exchanged for short-lived bearer access tokens, which expire on the sandbox clock.
 */
import { randomBytes } from 'node:crypto';
import type { SandboxClock } from '../kit/clock.js';

/** The registered API client and the integration system user the sandbox accepts. */
export interface WorkdayCredentials {
  tenant: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** WS-Security UsernameToken user for SOAP (`user@tenant` is accepted too). */
  username: string;
  password: string;
}

/** Issues and checks access tokens. */
export interface WorkdayTokenService {
  /** Mints a new access token (the route has already checked the client and the grant). */
  issue(): { accessToken: string; expiresIn: number };
  /** 'valid', 'expired' or 'unknown'. */
  check(accessToken: string): 'valid' | 'expired' | 'unknown';
  /** Forgets every issued token (admin reset). */
  clear(): void;
}

/** Creates the token service; tokens live `ttlSeconds` of sandbox time. */
export function createWorkdayTokenService(options: { clock: SandboxClock; ttlSeconds: number }): WorkdayTokenService {
  const tokens = new Map<string, number>();
  return {
    issue() {
      const accessToken = randomBytes(24).toString('base64url');
      tokens.set(accessToken, options.clock.now().getTime() + options.ttlSeconds * 1000);
      return { accessToken, expiresIn: options.ttlSeconds };
    },
    check(accessToken) {
      const expiresAt = tokens.get(accessToken);
      if (expiresAt === undefined) return 'unknown';
      return options.clock.now().getTime() < expiresAt ? 'valid' : 'expired';
    },
    clear: () => tokens.clear(),
  };
}

/** Reads `Authorization: Basic base64(id:secret)`; undefined when absent or malformed. */
export function parseBasicAuth(header: string | undefined): { user: string; password: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Reads `Authorization: Bearer <token>`. */
export function parseBearer(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
}
