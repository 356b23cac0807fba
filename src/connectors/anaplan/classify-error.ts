import type { Clock } from '../../runtime/clock.js';
import { NonRetryableError, RetryableError, RetryAfterError } from '../../runtime/errors.js';
import type { VendorResponse } from '../http/vendor-http.js';
import { errorBodySchema } from './schemas.js';

/** Anaplan sends no Retry-After on 429 (about 600 requests a minute): wait this long. */
export const ANAPLAN_THROTTLE_BACKOFF_MS = 10_000;
/** A model busy with another action (409) is usually free again within seconds. */
export const ANAPLAN_BUSY_BACKOFF_MS = 5_000;

/** The vendor's message and status/code from an Anaplan error body. */
export function anaplanErrorOf(response: VendorResponse): { message: string; code: string | undefined } {
  const parsed = errorBodySchema.safeParse(response.body);
  if (parsed.success) {
    const data = parsed.data;
    if (typeof data.status === 'string') return { message: (data as { statusMessage: string }).statusMessage, code: data.status };
    return { message: data.status.message, code: String(data.status.code) };
  }
  if (typeof response.body === 'string' && response.body !== '') return { message: response.body.slice(0, 200), code: undefined };
  return { message: `HTTP ${response.status}`, code: undefined };
}

/**
 * Maps an Anaplan failure to the runtime's error classes (architecture §5): 429 -> RetryAfterError
 * 'rate_limit' (the governor backs off); 409 (model busy with another import or process) ->
 * RetryAfterError 'model_busy'; 5xx -> RetryableError; 401/403 -> 'auth'; 404 -> 'not_found'; other
 * 4xx -> NonRetryableError 'validation', with Anaplan's `status.message`.
 * Vendor doc: https://anaplanbulkapi20.docs.apiary.io/ ("HTTP status codes").
 */
export function classifyAnaplanError(response: VendorResponse, context: { clock: Clock; connection: string; what: string }): Error {
  const { message, code } = anaplanErrorOf(response);
  const status = response.status;
  const text = `${context.connection}: ${context.what}: ${message}`;
  const details = { vendorCode: code, status, connection: context.connection };
  const retryAt = (fallbackMs: number) => {
    const seconds = Number(response.headers['retry-after']);
    return new Date(context.clock.now().getTime() + (Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : fallbackMs));
  };
  if (status === 429) return new RetryAfterError(text, retryAt(ANAPLAN_THROTTLE_BACKOFF_MS), { ...details, kind: 'rate_limit' });
  if (status === 409) return new RetryAfterError(text, retryAt(ANAPLAN_BUSY_BACKOFF_MS), { ...details, kind: 'model_busy' });
  if (status >= 500 || status === 408) return new RetryableError(text, { ...details, kind: 'server_error' });
  if (status === 401 || status === 403) return new NonRetryableError(text, { ...details, kind: 'auth' });
  if (status === 404) return new NonRetryableError(text, { ...details, kind: 'not_found' });
  return new NonRetryableError(text, { ...details, kind: 'validation' });
}
