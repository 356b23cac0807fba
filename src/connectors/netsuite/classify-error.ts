import type { Clock } from '../../runtime/clock.js';
import { NonRetryableError, RetryableError, RetryAfterError } from '../../runtime/errors.js';
import type { VendorResponse } from '../http/vendor-http.js';
import { errorBodySchema } from './schemas.js';

/** NetSuite sends no Retry-After on its concurrency limit: wait briefly and try again. */
export const CONCURRENCY_BACKOFF_MS = 250;

/** The vendor's first error detail and code, read from `o:errorDetails` (or a plain text body). */
export function netSuiteErrorOf(response: VendorResponse): { message: string; code: string | undefined } {
  const parsed = errorBodySchema.safeParse(response.body);
  const first = parsed.success ? parsed.data['o:errorDetails']?.[0] : undefined;
  const message = first?.detail ?? (parsed.success ? parsed.data.title : undefined) ?? (typeof response.body === 'string' && response.body !== '' ? response.body : `HTTP ${response.status}`);
  return { message, code: first?.['o:errorCode'] };
}

/**
 * Maps a NetSuite error response to the runtime's error classes (architecture §5):
 * 429, or 401 with CONCURRENCY_LIMIT_EXCEEDED -> RetryAfterError kind 'concurrency_limit' (short backoff);
 * 5xx / 408 -> RetryableError; 404 -> NonRetryableError kind 'not_found'; other 4xx (INVALID_CONTENT,
 * USER_ERROR, INVALID_KEY_OR_REF, INVALID_LOGIN...) -> NonRetryableError with NetSuite's detail and code.
 * Vendor doc: NetSuite Help "REST Web Services Error Handling and Error Codes", "Concurrency Governance".
 */
export function classifyNetSuiteError(response: VendorResponse, context: { clock: Clock; connection: string; what: string }): Error {
  const { message, code } = netSuiteErrorOf(response);
  const status = response.status;
  const text = `${context.connection}: ${context.what}: ${message}${code ? ` (${code})` : ''}`;
  const details = { vendorCode: code, status, connection: context.connection };
  if (status === 429 || code === 'CONCURRENCY_LIMIT_EXCEEDED') {
    return new RetryAfterError(text, new Date(context.clock.now().getTime() + CONCURRENCY_BACKOFF_MS), { ...details, kind: 'concurrency_limit' });
  }
  if (status >= 500 || status === 408) return new RetryableError(text, { ...details, kind: 'server_error' });
  // A repeated idempotency key: the earlier submission was accepted; its job is in the Location header.
  if (code === 'IDEMPOTENCY_ERROR') return new NonRetryableError(text, { ...details, kind: 'idempotency_conflict', location: response.headers.location });
  if (status === 404) return new NonRetryableError(text, { ...details, kind: 'not_found' });
  if (status === 401 || status === 403) return new NonRetryableError(text, { ...details, kind: 'auth' });
  return new NonRetryableError(text, { ...details, kind: 'validation' });
}

/** True when the error is NetSuite's "no such record" (404 NONEXISTENT_ID), which lookups turn into `undefined`. */
export function isNotFound(error: unknown): boolean {
  const details = (error as { details?: { kind?: unknown } } | undefined)?.details;
  return details?.kind === 'not_found';
}
