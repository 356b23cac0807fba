import { Agent, request } from 'undici';
import type { Clock } from '../../runtime/clock.js';
import { RetryableError } from '../../runtime/errors.js';
import type { Governor } from '../../runtime/governor/create-governor.js';
import type { CallRecorder } from './call-stats.js';
import type { TokenCache } from './token-cache.js';
import { outboundTraceparent } from './traceparent.js';

/** A response as the connector sees it: status, lower-cased headers, parsed JSON (or text, or nothing). */
export interface VendorResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** One outbound call. */
export interface VendorRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Absolute URL, or a path joined to the base URL. */
  path: string;
  query?: Record<string, string | number | boolean | undefined> | undefined;
  headers?: Record<string, string> | undefined;
  json?: unknown;
  form?: Record<string, string> | undefined;
  /** Raw body (e.g. a file chunk). */
  raw?: Buffer | string | undefined;
  /** Skip the bearer token (token endpoints themselves). */
  anonymous?: boolean | undefined;
  /** Governor priority of this call. */
  priority?: number | undefined;
}

/** Turns a non-2xx response into the runtime's error classes, in the vendor's own words. */
export type ErrorClassifier = (response: VendorResponse, request: VendorRequest) => Error;

/** The HTTP transport every connector uses: auth, governor, traceparent, timeouts, error classes. */
export interface VendorHttp {
  readonly connection: string;
  readonly baseUrl: string;
  send(request: VendorRequest): Promise<VendorResponse>;
  close(): Promise<void>;
}

/** What a connector gives the transport. */
export interface VendorHttpOptions {
  connection: string;
  baseUrl: string;
  clock: Clock;
  governor?: Governor | undefined;
  /** Governor endpoint id (default: the connection id). */
  endpointId?: string | undefined;
  tokens?: TokenCache | undefined;
  /** Header value for a token (default `Bearer <token>`). */
  authorization?: ((token: string) => string) | undefined;
  classifyError: ErrorClassifier;
  /** Is this 401 an expired/invalid token (then refresh once and retry)? Default: any 401. */
  isExpiredToken?: ((response: VendorResponse) => boolean) | undefined;
  calls?: CallRecorder | undefined;
  timeoutMs?: number | undefined;
  maxConnections?: number | undefined;
}

/** Creates the transport for one connection. */
export function createVendorHttp(options: VendorHttpOptions): VendorHttp {
  const agent = new Agent({ connections: options.maxConnections ?? 64, keepAliveTimeout: 10_000 });
  const timeoutMs = options.timeoutMs ?? 30_000;
  const endpointId = options.endpointId ?? options.connection;
  const authorization = options.authorization ?? ((token: string) => `Bearer ${token}`);

  const once = async (req: VendorRequest): Promise<VendorResponse> => {
    const url = new URL(req.path.startsWith('http') ? req.path : joinPath(options.baseUrl, req.path));
    for (const [key, value] of Object.entries(req.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const headers: Record<string, string> = { accept: 'application/json', traceparent: outboundTraceparent(), ...req.headers };
    let token: string | undefined;
    if (!req.anonymous && options.tokens) {
      token = await options.tokens.get();
      headers.authorization = authorization(token);
    }
    let body: string | Buffer | undefined;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] ??= 'application/json';
    } else if (req.form) {
      body = new URLSearchParams(req.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (req.raw !== undefined) body = req.raw;
    let response: VendorResponse;
    try {
      const res = await request(url, { method: req.method, headers, body, dispatcher: agent, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
      const text = await res.body.text();
      const responseHeaders: Record<string, string> = {};
      for (const [key, value] of Object.entries(res.headers)) if (value !== undefined) responseHeaders[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      response = { status: res.statusCode, headers: responseHeaders, body: parseBody(text, responseHeaders['content-type']) };
    } catch (error) {
      options.calls?.record(options.connection, 'network_error');
      // The request may have committed at the vendor (timeout-after-commit): callers re-check by external id.
      throw new RetryableError(`${options.connection}: ${req.method} ${url.pathname} failed without a response (${(error as Error).message})`, { connection: options.connection, kind: 'network' }, { cause: error });
    }
    options.calls?.record(options.connection, response.status);
    if (response.status === 401 && token && options.tokens && (options.isExpiredToken?.(response) ?? true)) {
      options.tokens.invalidate(token);
      throw new TokenRejected();
    }
    if (response.status >= 400) throw options.classifyError(response, req);
    return response;
  };

  const sendWithRefresh = async (req: VendorRequest): Promise<VendorResponse> => {
    try {
      return await once(req);
    } catch (error) {
      if (!(error instanceof TokenRejected)) throw error;
      // The token expired between cache check and use: one refresh, one retry.
      try {
        return await once(req);
      } catch (retryError) {
        // A freshly issued token rejected too: the vendor's clock may have passed its expiry already
        // (a simulated or skewed clock) or the credential was revoked. Retry later under the step's
        // policy; a revoked credential ends as an exception once the attempts are spent.
        if (retryError instanceof TokenRejected) {
          throw new RetryableError(`${options.connection}: ${req.method} ${req.path}: token rejected twice (a freshly issued token was refused too)`, { connection: options.connection, status: 401, kind: 'auth' });
        }
        throw retryError;
      }
    }
  };

  return {
    connection: options.connection,
    baseUrl: options.baseUrl,
    send: (req) => (options.governor ? options.governor.run(endpointId, () => sendWithRefresh(req), { priority: req.priority }) : sendWithRefresh(req)),
    close: () => agent.close(),
  };
}

class TokenRejected extends Error {
  override readonly name = 'TokenRejected';
}

function joinPath(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return undefined;
  if (contentType?.includes('json') || /^[[{]/.test(text.trimStart())) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}
