import type { Clock } from '../../runtime/clock.js';
import { NonRetryableError } from '../../runtime/errors.js';
import type { Governor } from '../../runtime/governor/create-governor.js';
import type { CallRecorder } from '../http/call-stats.js';
import { createTokenCache, type TokenCache } from '../http/token-cache.js';
import { createVendorHttp, type VendorRequest, type VendorResponse } from '../http/vendor-http.js';
import { anaplanAuthorization, createAnaplanTokenFetcher } from './auth.js';
import { classifyAnaplanError } from './classify-error.js';
import { modelBaseOf, type AnaplanConnectorConfig } from './config.js';

/** What the Anaplan client needs from the process. */
export interface AnaplanClientDeps {
  clock: Clock;
  governor?: Governor | undefined;
  calls?: CallRecorder | undefined;
}

/** One Anaplan model: token (refreshed before expiry), governed calls, classified errors. */
export interface AnaplanClient {
  readonly connection: string;
  readonly clock: Clock;
  readonly tokens: TokenCache;
  /** `<api>/2/0/workspaces/{ws}/models/{model}`; request paths are relative to it (`/files/113`). */
  readonly modelBaseUrl: string;
  send(request: VendorRequest): Promise<VendorResponse>;
  close(): Promise<void>;
}

/** Tokens live 35 minutes; refresh five minutes before they expire. */
const REFRESH_SKEW_MS = 5 * 60_000;

/** Creates the client of one Anaplan connection (governor endpoint = connection id). */
export function createAnaplanClient(config: AnaplanConnectorConfig, deps: AnaplanClientDeps): AnaplanClient {
  const { connection } = config;
  if (connection.auth.type !== 'anaplan_basic') {
    throw new NonRetryableError(`${connection.id}: Anaplan needs auth type anaplan_basic, got ${connection.auth.type}`, { kind: 'auth', connection: connection.id });
  }
  const modelBaseUrl = modelBaseOf(config);
  const classify = (response: VendorResponse, request: VendorRequest) =>
    classifyAnaplanError(response, { clock: deps.clock, connection: connection.id, what: `${request.method} ${request.path}` });
  // The auth service is another host and is not rate-limited: no governor around it.
  const authHttp = createVendorHttp({ connection: connection.id, baseUrl: config.authUrl ?? 'https://auth.anaplan.com', clock: deps.clock, calls: deps.calls, classifyError: classify });
  const fetchToken = createAnaplanTokenFetcher(authHttp, { username: config.username, password: config.password }, deps.clock);
  const tokens = createTokenCache({
    clock: deps.clock,
    skewMs: REFRESH_SKEW_MS,
    fetchToken: async () => {
      deps.calls?.recordToken(connection.id);
      return fetchToken();
    },
  });
  const http = createVendorHttp({
    connection: connection.id,
    baseUrl: modelBaseUrl,
    clock: deps.clock,
    governor: deps.governor,
    tokens,
    authorization: anaplanAuthorization,
    calls: deps.calls,
    timeoutMs: config.timeoutMs,
    classifyError: classify,
  });
  return {
    connection: connection.id,
    clock: deps.clock,
    tokens,
    modelBaseUrl,
    send: (request) => http.send(request),
    async close() {
      await Promise.all([http.close(), authHttp.close()]);
    },
  };
}
