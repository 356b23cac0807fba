import type { Clock } from '../../runtime/clock.js';
import { NonRetryableError, RetryableError, RetryAfterError } from '../../runtime/errors.js';
import type { VendorResponse } from '../http/vendor-http.js';
import { errorBodySchema } from './schemas.js';

/** Salesforce sends no Retry-After on the concurrent-request limit: wait briefly and try again. */
export const CONCURRENCY_BACKOFF_MS = 1_000;

/** The vendor's first message and code, from the error array or an OAuth error body. */
export function salesforceErrorOf(response: VendorResponse): { message: string; code: string | undefined; fields: string[] } {
  const parsed = errorBodySchema.safeParse(response.body);
  if (parsed.success) {
    if (Array.isArray(parsed.data)) {
      const first = parsed.data[0];
      return { message: first?.message ?? `HTTP ${response.status}`, code: first?.errorCode ?? first?.statusCode, fields: first?.fields ?? [] };
    }
    return { message: parsed.data.error_description ?? parsed.data.error, code: parsed.data.error, fields: [] };
  }
  return { message: typeof response.body === 'string' && response.body !== '' ? response.body : `HTTP ${response.status}`, code: undefined, fields: [] };
}

/** The next midnight UTC after `now`: when the daily allowance is worth trying again. */
export function nextUtcMidnight(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

/**
 * Maps a Salesforce error response to the runtime's error classes (architecture §5):
 * 403 REQUEST_LIMIT_EXCEEDED -> RetryAfterError: the concurrent-request limit ("ConcurrentPerOrgLongTxn")
 * is kind 'concurrency_limit' (short backoff, the governor narrows), the spent daily allowance is kind
 * 'daily_allowance' until the next UTC midnight; 429 -> 'rate_limit'; 5xx / 408 -> RetryableError;
 * 404 -> NonRetryableError kind 'not_found'; 401/403 -> 'auth'; other 4xx -> 'validation' with the code.
 * Vendor doc: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
 */
export function classifySalesforceError(response: VendorResponse, context: { clock: Clock; connection: string; what: string }): Error {
  const { message, code, fields } = salesforceErrorOf(response);
  const status = response.status;
  const text = `${context.connection}: ${context.what}: ${message}${code ? ` (${code})` : ''}${fields.length > 0 ? ` [${fields.join(', ')}]` : ''}`;
  const details = { vendorCode: code, status, connection: context.connection };
  const now = context.clock.now();
  if (code === 'REQUEST_LIMIT_EXCEEDED') {
    if (/concurrent/i.test(message)) return new RetryAfterError(text, new Date(now.getTime() + CONCURRENCY_BACKOFF_MS), { ...details, kind: 'concurrency_limit' });
    return new RetryAfterError(text, nextUtcMidnight(now), { ...details, kind: 'daily_allowance' });
  }
  if (status === 429) {
    const seconds = Number(response.headers['retry-after']);
    const delayMs = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : CONCURRENCY_BACKOFF_MS;
    return new RetryAfterError(text, new Date(now.getTime() + delayMs), { ...details, kind: 'rate_limit' });
  }
  if (status >= 500 || status === 408) return new RetryableError(text, { ...details, kind: 'server_error' });
  if (status === 404) return new NonRetryableError(text, { ...details, kind: 'not_found' });
  // OAuth errors (invalid_client, invalid_grant...) come from the token endpoint: configuration, not data.
  const oauthError = code !== undefined && /^[a-z_]+$/.test(code);
  if (status === 401 || status === 403 || oauthError) return new NonRetryableError(text, { ...details, kind: 'auth' });
  return new NonRetryableError(text, { ...details, kind: 'validation' });
}

/** True when the error is Salesforce's "no such record" (404), which lookups turn into `undefined`. */
export function isNotFound(error: unknown): boolean {
  return (error as { details?: { kind?: unknown } } | undefined)?.details?.kind === 'not_found';
}
