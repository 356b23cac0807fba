import type { Clock } from '../../runtime/clock.js';
import { NonRetryableError } from '../../runtime/errors.js';
import type { Governor } from '../../runtime/governor/create-governor.js';
import type { CallRecorder } from '../http/call-stats.js';
import type { TokenCache } from '../http/token-cache.js';
import { createTokenAuthenticatedHttp } from '../http/token-authenticated-http.js';
import type { VendorRequest, VendorResponse } from '../http/vendor-http.js';
import { fetchWorkdayAccessToken } from './auth.js';
import { classifyWorkdayError } from './classify-error.js';
import { workdayHostOf, type WorkdayConnectorConfig } from './config.js';
import { soapBodyOf } from './soap-xml.js';

/** What the Workday client needs from the process. */
export interface WorkdayClientDeps {
  clock: Clock;
  governor?: Governor | undefined;
  calls?: CallRecorder | undefined;
}

/** One Workday tenant: refresh-token grant (cached), REST and SOAP calls, classified errors. */
export interface WorkdayClient {
  readonly connection: string;
  readonly clock: Clock;
  readonly tokens: TokenCache;
  /** `<host>/ccx/api/v1/{tenant}`. */
  readonly restBaseUrl: string;
  /** `<host>/ccx/service/{tenant}/Human_Resources/{version}`. */
  readonly soapUrl: string;
  /** One REST call (path relative to the REST base). */
  sendRest(request: VendorRequest): Promise<VendorResponse>;
  /** Posts one SOAP request body (the operation element) and returns the parsed SOAP Body. */
  callSoap(operationXml: string, what: string): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

const SOAP_ENVELOPE_OPEN = '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:bsvc="urn:com.workday/bsvc"><soapenv:Body>';
const SOAP_ENVELOPE_CLOSE = '</soapenv:Body></soapenv:Envelope>';

/** Creates the client of one Workday connection (governor endpoint = connection id). */
export function createWorkdayClient(config: WorkdayConnectorConfig, deps: WorkdayClientDeps): WorkdayClient {
  const { connection } = config;
  if (connection.auth.type !== 'workday_refresh_token') {
    throw new NonRetryableError(`${connection.id}: Workday needs auth type workday_refresh_token, got ${connection.auth.type}`, { kind: 'auth', connection: connection.id });
  }
  const host = workdayHostOf(config);
  const tenant = encodeURIComponent(config.tenant);
  const restBaseUrl = `${host}/ccx/api/v1/${tenant}`;
  const soapUrl = `${host}/ccx/service/${tenant}/Human_Resources/${config.soapVersion ?? 'v44.0'}`;
  const grant = {
    tokenUrl: config.tokenUrl ?? `${host}/ccx/oauth2/${tenant}/token`,
    clientId: connection.auth.clientId,
    clientSecret: config.clientSecret,
    refreshToken: config.refreshToken,
  };
  const classify = (what: string) => (response: VendorResponse, request: VendorRequest) =>
    classifyWorkdayError(response, { clock: deps.clock, connection: connection.id, what: what || `${request.method} ${new URL(request.path, host).pathname}` });
  const { http, tokens, close } = createTokenAuthenticatedHttp({
    connection: connection.id,
    baseUrl: restBaseUrl,
    tokenBaseUrl: host,
    clock: deps.clock,
    governor: deps.governor,
    calls: deps.calls,
    timeoutMs: config.timeoutMs,
    classifyError: classify(''),
    classifyTokenError: classify('token request'),
    fetchToken: (tokenHttp) => fetchWorkdayAccessToken(tokenHttp, grant, deps.clock),
  });

  const postSoap = (operationXml: string) =>
    http.send({
      method: 'POST',
      path: soapUrl,
      headers: { 'content-type': 'text/xml; charset=utf-8', accept: 'text/xml', soapaction: '' },
      raw: `<?xml version="1.0" encoding="UTF-8"?>${SOAP_ENVELOPE_OPEN}${operationXml}${SOAP_ENVELOPE_CLOSE}`,
    });

  return {
    connection: connection.id,
    clock: deps.clock,
    tokens,
    restBaseUrl,
    soapUrl,
    sendRest: (request) => http.send(request),
    async callSoap(operationXml, what) {
      let response: VendorResponse;
      try {
        response = await postSoap(operationXml);
      } catch (error) {
        // SOAP reports an expired token as a 500 authentication fault, not a 401: refresh once, retry once.
        if ((error as NonRetryableError).details?.kind !== 'auth') throw error;
        tokens.invalidate();
        response = await postSoap(operationXml);
      }
      if (typeof response.body !== 'string') {
        throw new NonRetryableError(`${connection.id}: ${what}: expected a SOAP envelope, got ${typeof response.body}`, { kind: 'validation', connection: connection.id, status: response.status });
      }
      try {
        return soapBodyOf(response.body);
      } catch (error) {
        throw new NonRetryableError(`${connection.id}: ${what}: ${(error as Error).message}`, { kind: 'validation', connection: connection.id, status: response.status });
      }
    },
    async close() {
      await close();
    },
  };
}
