import type { Clock } from '../../runtime/clock.js';
import { NonRetryableError, RetryableError } from '../../runtime/errors.js';
import { classifyHttpFailure } from '../http/classify-status.js';
import type { VendorResponse } from '../http/vendor-http.js';
import { soapFaultSchema } from './schemas.js';
import { soapBodyOf } from './soap-xml.js';

/** Workday sends no Retry-After on 429: wait this long before trying again. */
export const WORKDAY_THROTTLE_BACKOFF_MS = 2_000;

/** The fault code and message of a SOAP fault body, if the body is one. */
export function soapFaultOf(body: unknown): { code: string; message: string } | undefined {
  if (typeof body !== 'string' || !body.includes('Fault')) return undefined;
  try {
    const parsed = soapFaultSchema.safeParse(soapBodyOf(body)['Fault']);
    if (!parsed.success) return undefined;
    const errors = parsed.data.detail?.Validation_Fault?.Validation_Error;
    const detail = Array.isArray(errors) ? errors.map((e) => e.Message).join('; ') : errors?.Message;
    // `env:Client.validationError` -> `Client.validationError`
    return { code: parsed.data.faultcode.replace(/^[^:]*:/, ''), message: detail ?? parsed.data.faultstring };
  } catch {
    return undefined;
  }
}

/**
 * Maps a Workday failure to the runtime's error classes (architecture §5). SOAP faults arrive with
 * HTTP 500 whatever their cause, so the fault code decides: `Client.validationError` / `Client` ->
 * NonRetryableError 'validation'; `Client.authenticationError` -> NonRetryableError 'auth' (the client
 * refreshes the token once first); `Server` -> RetryableError. REST: 429 -> RetryAfterError
 * 'rate_limit'; 5xx (including the HTML maintenance page) -> RetryableError; 401 -> 'auth'; 404 ->
 * 'not_found'; other 4xx -> 'validation', in Workday's words (`error`, `error_description`).
 * Vendor doc: Workday Web Services "SOAP faults"; Workday REST API error responses.
 */
export function classifyWorkdayError(response: VendorResponse, context: { clock: Clock; connection: string; what: string }): Error {
  const status = response.status;
  const fault = soapFaultOf(response.body);
  const prefix = `${context.connection}: ${context.what}`;
  if (fault) {
    const details = { vendorCode: fault.code, status, connection: context.connection };
    const text = `${prefix}: ${fault.message} (${fault.code})`;
    if (fault.code.startsWith('Server')) return new RetryableError(text, { ...details, kind: 'server_error' });
    if (fault.code === 'Client.authenticationError') return new NonRetryableError(text, { ...details, kind: 'auth' });
    return new NonRetryableError(text, { ...details, kind: 'validation' });
  }
  const { message, code } = restErrorOf(response);
  const text = `${prefix}: ${message}${code ? ` (${code})` : ''}`;
  const details = { vendorCode: code, status, connection: context.connection };
  if (status === 429 || status >= 500 || status === 408) {
    return classifyHttpFailure({ clock: context.clock, status, message: text, details: { ...details, kind: status === 429 ? 'rate_limit' : 'server_error' }, retryAfterHeader: response.headers['retry-after'], defaultRetryMs: WORKDAY_THROTTLE_BACKOFF_MS });
  }
  if (status === 401 || status === 403) return new NonRetryableError(text, { ...details, kind: 'auth' });
  if (status === 404) return new NonRetryableError(text, { ...details, kind: 'not_found' });
  return new NonRetryableError(text, { ...details, kind: 'validation' });
}

function restErrorOf(response: VendorResponse): { message: string; code: string | undefined } {
  const body = response.body;
  if (typeof body === 'object' && body !== null) {
    const record = body as Record<string, unknown>;
    const code = typeof record.error === 'string' ? record.error : typeof record.code === 'string' ? record.code : undefined;
    const message = typeof record.error_description === 'string' ? record.error_description : typeof record.error === 'string' ? record.error : `HTTP ${response.status}`;
    return { message, code };
  }
  if (typeof body === 'string' && body !== '') {
    // The maintenance page is HTML: keep its text short.
    return { message: body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200) || `HTTP ${response.status}`, code: undefined };
  }
  return { message: `HTTP ${response.status}`, code: undefined };
}
