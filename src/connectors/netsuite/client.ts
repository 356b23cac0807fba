import type { Clock } from '../../runtime/clock.js';
import { NonRetryableError } from '../../runtime/errors.js';
import type { Governor } from '../../runtime/governor/create-governor.js';
import type { CallRecorder } from '../http/call-stats.js';
import type { TokenCache } from '../http/token-cache.js';
import { createTokenAuthenticatedHttp } from '../http/token-authenticated-http.js';
import type { VendorRequest, VendorResponse } from '../http/vendor-http.js';
import { fetchAccessToken, type NetSuiteSigningKey } from './auth.js';
import { classifyNetSuiteError, netSuiteErrorOf } from './classify-error.js';
import { restRootOf, type NetSuiteConnectorConfig } from './config.js';

/** What the NetSuite client needs. */
export interface NetSuiteClientDeps {
  clock: Clock;
  governor?: Governor | undefined;
  calls?: CallRecorder | undefined;
}

/** One NetSuite account over REST: JWT client-credentials tokens (cached), governed calls, classified errors. */
export interface NetSuiteClient {
  readonly connection: string;
  /** `<baseUrl>/services/rest`; request paths are relative to it (`/record/v1/customer/eid:X`). */
  readonly restRoot: string;
  readonly clock: Clock;
  readonly tokens: TokenCache;
  /** Sends one call (never repeated, but for one token refresh on 401); non-2xx becomes NonRetryableError / RetryAfterError / RetryableError in NetSuite's words. */
  send(request: VendorRequest): Promise<VendorResponse>;
  close(): Promise<void>;
}

/** Creates the client of one NetSuite connection. The governor endpoint is the connection id (one pool per account). */
export function createNetSuiteClient(config: NetSuiteConnectorConfig, deps: NetSuiteClientDeps): NetSuiteClient {
  const { connection } = config;
  if (connection.auth.type !== 'netsuite_jwt') {
    throw new NonRetryableError(`${connection.id}: NetSuite needs auth type netsuite_jwt, got ${connection.auth.type}`, { kind: 'auth', connection: connection.id });
  }
  const restRoot = restRootOf(config);
  const key: NetSuiteSigningKey = {
    clientId: connection.auth.clientId,
    certificateId: connection.auth.certificateId,
    privateKeyPem: config.privateKeyPem,
    algorithm: config.algorithm ?? 'PS256',
    tokenUrl: config.tokenUrl ?? `${restRoot}/auth/oauth2/v1/token`,
  };
  const classify = (what: string) => (response: VendorResponse, request: VendorRequest) =>
    classifyNetSuiteError(response, { clock: deps.clock, connection: connection.id, what: what || `${request.method} ${request.path}` });
  const { http, tokens, close } = createTokenAuthenticatedHttp({
    connection: connection.id,
    baseUrl: restRoot,
    clock: deps.clock,
    governor: deps.governor,
    calls: deps.calls,
    timeoutMs: config.timeoutMs,
    classifyError: classify(''),
    classifyTokenError: classify('token request'),
    fetchToken: (tokenHttp) => fetchAccessToken(tokenHttp, key, deps.clock),
    // A 401 that is the concurrency limit in disguise is a throttle, not an expired token.
    isExpiredToken: (response) => netSuiteErrorOf(response).code !== 'CONCURRENCY_LIMIT_EXCEEDED',
  });
  return {
    connection: connection.id,
    restRoot,
    clock: deps.clock,
    tokens,
    send: (request) => {
      // One request per call: a failure goes to the caller with its meaning (the governor waits out
      // throttles within its budget; the step's retry policy owns every other retry).
      return http.send({ ...request, path: resolveRequestPath(restRoot, request.path) });
    },
    async close() {
      await close();
    },
  };
}

/**
 * The URL a request path names. Paths are relative to the REST root (`/record/v1/customer/7`); a path
 * that already starts with the root's own path (`/services/rest/async/v1/job/3`, the host-relative form
 * of NetSuite's 202 Location, and paths built from it) is relative to the HOST: it is resolved against
 * the origin instead of being joined onto `/services/rest` a second time. Absolute URLs pass through.
 */
export function resolveRequestPath(restRoot: string, path: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return path;
  const root = new URL(restRoot);
  const rootPath = root.pathname.replace(/\/+$/, '');
  if (rootPath !== '' && (path === rootPath || path.startsWith(`${rootPath}/`))) return new URL(path, root.origin).href;
  return path;
}

/** The internal id at the end of a `Location` header (`.../customer/647` -> `647`). */
export function idFromLocation(response: VendorResponse): string | undefined {
  const location = response.headers.location;
  if (!location) return undefined;
  const last = new URL(location, 'http://placeholder').pathname.split('/').filter(Boolean).pop();
  return last ? decodeURIComponent(last) : undefined;
}

/** `/record/v1/{record}/eid:{externalId}` — the upsert / lookup path of an external id. */
export function externalIdPath(record: string, externalId: string): string {
  return `/record/v1/${record}/eid:${encodeURIComponent(externalId)}`;
}
