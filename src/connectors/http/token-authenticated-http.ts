import type { Clock } from '../../runtime/clock.js';
import type { Governor } from '../../runtime/governor/create-governor.js';
import type { CallRecorder } from './call-stats.js';
import { createTokenCache, type AccessToken, type TokenCache } from './token-cache.js';
import { createVendorHttp, type ErrorClassifier, type VendorHttp, type VendorResponse } from './vendor-http.js';

/** A connection's governed API transport with its own token endpoint transport and token cache. */
export interface TokenAuthenticatedHttp {
  http: VendorHttp;
  tokenHttp: VendorHttp;
  tokens: TokenCache;
  close(): Promise<void>;
}

/**
 * The anatomy every token-based connector shares: token calls go through their own transport that
 * bypasses the governor (they run while a governed call already holds its slot), tokens are cached
 * and counted per connection, and API calls are governed, traced and classified.
 */
export function createTokenAuthenticatedHttp(options: {
  connection: string;
  baseUrl: string;
  /** Base of the token endpoint, when it is another host or root than the API. */
  tokenBaseUrl?: string | undefined;
  clock: Clock;
  governor?: Governor | undefined;
  calls?: CallRecorder | undefined;
  timeoutMs?: number | undefined;
  classifyError: ErrorClassifier;
  classifyTokenError: ErrorClassifier;
  fetchToken: (tokenHttp: VendorHttp) => Promise<AccessToken>;
  isExpiredToken?: ((response: VendorResponse) => boolean) | undefined;
  authorization?: ((token: string) => string) | undefined;
}): TokenAuthenticatedHttp {
  const { connection, clock, calls } = options;
  const tokenHttp = createVendorHttp({ connection, baseUrl: options.tokenBaseUrl ?? options.baseUrl, clock, calls, timeoutMs: options.timeoutMs, classifyError: options.classifyTokenError });
  const tokens = createTokenCache({
    clock,
    fetchToken: async () => {
      calls?.recordToken(connection);
      return options.fetchToken(tokenHttp);
    },
  });
  const http = createVendorHttp({
    connection,
    baseUrl: options.baseUrl,
    clock,
    governor: options.governor,
    tokens,
    calls,
    timeoutMs: options.timeoutMs,
    classifyError: options.classifyError,
    isExpiredToken: options.isExpiredToken,
    authorization: options.authorization,
  });
  return {
    http,
    tokenHttp,
    tokens,
    close: async () => {
      await Promise.all([http.close(), tokenHttp.close()]);
    },
  };
}
