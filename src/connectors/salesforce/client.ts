import type { Clock } from '../../runtime/clock.js';
import { NonRetryableError } from '../../runtime/errors.js';
import type { Governor } from '../../runtime/governor/create-governor.js';
import type { CallRecorder } from '../http/call-stats.js';
import type { TokenCache } from '../http/token-cache.js';
import { createTokenAuthenticatedHttp } from '../http/token-authenticated-http.js';
import type { VendorRequest, VendorResponse } from '../http/vendor-http.js';
import { fetchAccessToken } from './auth.js';
import { classifySalesforceError, salesforceErrorOf } from './classify-error.js';
import { apiVersionOf, hubClientIdOf, type SalesforceConnectorConfig } from './config.js';
import { parseLimitInfo, type SalesforceLimits } from './limits.js';

/** What the Salesforce client needs from the process. */
export interface SalesforceClientDeps {
  clock: Clock;
  governor?: Governor | undefined;
  calls?: CallRecorder | undefined;
}

/** One Salesforce org over REST: cached client-credentials sessions, governed calls, classified errors, usage snapshot. */
export interface SalesforceClient {
  readonly connection: string;
  /** `salesforce` (or `certinia` when the connection is configured so): the system of SystemRefs. */
  readonly system: string;
  /** Pinned API version, `v61.0`. */
  readonly apiVersion: string;
  /** OAuth client id the hub writes as (CDC echoes carry it). */
  readonly hubClientId: string;
  readonly clock: Clock;
  readonly tokens: TokenCache;
  /** Sends a call to `/services/data/<version><path>` (or an absolute `/services/...` path / URL). */
  send(request: VendorRequest): Promise<VendorResponse>;
  /** Daily API usage as the last response reported it (`Sforce-Limit-Info`). */
  limits(): SalesforceLimits | undefined;
  close(): Promise<void>;
}

/** Creates the client of one Salesforce connection; the governor endpoint is the connection id. */
export function createSalesforceClient(config: SalesforceConnectorConfig, deps: SalesforceClientDeps): SalesforceClient {
  const { connection } = config;
  if (connection.auth.type !== 'oauth_client_credentials') {
    throw new NonRetryableError(`${connection.id}: Salesforce needs auth type oauth_client_credentials, got ${connection.auth.type}`, { kind: 'auth', connection: connection.id });
  }
  const baseUrl = connection.baseUrl.replace(/\/+$/, '');
  const apiVersion = apiVersionOf(config);
  const dataRoot = `/services/data/${apiVersion}`;
  let lastLimits: SalesforceLimits | undefined;
  const observe = (response: VendorResponse) => {
    lastLimits = parseLimitInfo(response.headers['sforce-limit-info'], deps.clock.now()) ?? lastLimits;
  };
  const classify = (what: string) => (response: VendorResponse, request: VendorRequest) => {
    observe(response);
    return classifySalesforceError(response, { clock: deps.clock, connection: connection.id, what: what || `${request.method} ${request.path.split('?')[0]}` });
  };
  // Token calls bypass the governor: they run while a governed call already holds its slot.
  const credentials = {
    clientId: connection.auth.clientId,
    clientSecret: config.clientSecret,
    tokenUrl: connection.auth.tokenUrl ?? `${baseUrl}/services/oauth2/token`,
    sessionLifetimeMs: config.sessionLifetimeMs ?? 2 * 3_600_000,
  };
  const { http, tokens, close } = createTokenAuthenticatedHttp({
    connection: connection.id,
    baseUrl,
    clock: deps.clock,
    governor: deps.governor,
    calls: deps.calls,
    timeoutMs: config.timeoutMs,
    classifyError: classify(''),
    classifyTokenError: classify('token request'),
    fetchToken: (tokenHttp) => fetchAccessToken(tokenHttp, credentials, deps.clock),
    // Only an invalid session is worth a new token; other 401s are configuration problems.
    isExpiredToken: (response) => {
      const code = salesforceErrorOf(response).code;
      return code === undefined || code === 'INVALID_SESSION_ID';
    },
  });
  return {
    connection: connection.id,
    system: connection.system,
    apiVersion,
    hubClientId: hubClientIdOf(config),
    clock: deps.clock,
    tokens,
    async send(request) {
      const path = /^https?:|^\/services\//.test(request.path) ? request.path : `${dataRoot}${request.path.startsWith('/') ? '' : '/'}${request.path}`;
      const response = await http.send({ ...request, path });
      observe(response);
      return response;
    },
    limits: () => lastLimits,
    async close() {
      await close();
    },
  };
}
