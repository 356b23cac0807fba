import type { Clock } from '../../runtime/clock.js';

/** An access token and the instant it stops working. */
export interface AccessToken {
  value: string;
  expiresAt: Date;
}

/** Caches one connection's token: never a login per request, one refresh in flight at a time. */
export interface TokenCache {
  /** The cached token, or a fresh one when none is cached or it is within the skew of expiry. */
  get(): Promise<string>;
  /** Forget the token (the vendor said it is invalid); the next `get` fetches a new one. */
  invalidate(rejected?: string): void;
  /** How many tokens were fetched (the efficiency proof reads it). */
  readonly fetched: number;
}

/** Creates a token cache over `fetchToken`; tokens are refreshed `skewMs` before they expire. */
export function createTokenCache(options: { clock: Clock; fetchToken: () => Promise<AccessToken>; skewMs?: number }): TokenCache {
  const skewMs = options.skewMs ?? 60_000;
  let current: AccessToken | undefined;
  let inFlight: Promise<AccessToken> | undefined;
  let fetched = 0;
  return {
    async get() {
      if (current && current.expiresAt.getTime() - skewMs > options.clock.now().getTime()) return current.value;
      if (!inFlight) {
        inFlight = options
          .fetchToken()
          .then((token) => {
            fetched += 1;
            current = token;
            return token;
          })
          .finally(() => {
            inFlight = undefined;
          });
      }
      return (await inFlight).value;
    },
    invalidate(rejected) {
      if (rejected === undefined || current?.value === rejected) current = undefined;
    },
    get fetched() {
      return fetched;
    },
  };
}
