import { ownerDomains, type OwnerDomain } from '../../persistence/tables/runtime.js';

/** An error as stored in `last_error`: its name (which carries its retry meaning), words and vendor details. */
export interface StoredError {
  name: string;
  message: string;
  vendorCode?: string | undefined;
  status?: number | undefined;
  kind?: string | undefined;
  retryAt?: string | undefined;
  /** The owner the step set on the error (VendorErrorDetails.ownerDomain), if it is a known domain. */
  ownerDomain?: OwnerDomain | undefined;
}

/**
 * Turns any thrown value into a JSON-safe record without losing the name or the vendor's words. A
 * record already in this shape (a stored error, a connector's per-record write failure) passes
 * through: a batch step hands the runtime the vendor's per-item failure as it is, without rebuilding
 * an Error from it.
 */
export function serializeError(error: unknown): StoredError {
  if (typeof error !== 'object' || error === null) return { name: 'Error', message: String(error) };
  const e = error as { name?: unknown; message?: unknown; details?: unknown; retryAt?: unknown };
  const flat = !(error instanceof Error) && e.details === undefined;
  const details = (flat ? error : typeof e.details === 'object' && e.details !== null ? e.details : {}) as Record<string, unknown>;
  const stored: StoredError = {
    name: typeof e.name === 'string' ? e.name : 'Error',
    message: typeof e.message === 'string' ? e.message : String(error),
  };
  if (typeof details.vendorCode === 'string') stored.vendorCode = details.vendorCode;
  if (typeof details.status === 'number') stored.status = details.status;
  if (typeof details.kind === 'string') stored.kind = details.kind;
  if (typeof details.ownerDomain === 'string' && (ownerDomains as readonly string[]).includes(details.ownerDomain)) {
    stored.ownerDomain = details.ownerDomain as OwnerDomain;
  }
  if (e.retryAt instanceof Date) stored.retryAt = e.retryAt.toISOString();
  else if (flat && typeof e.retryAt === 'string' && !Number.isNaN(Date.parse(e.retryAt))) stored.retryAt = e.retryAt;
  return stored;
}

/**
 * What of an error goes into a log line: its name (the retry meaning), kind, the vendor's code, the
 * HTTP status and the connection. Never the message: a vendor's words can carry rates, people's
 * names and amounts, and the logger's redaction goes by field name, not by what a text says. The
 * message stays in the run's `last_error` and in the exception record, behind the hub's access control.
 */
export type LoggableError = Omit<StoredError, 'message'> & { connection?: string | undefined };

/** The {@link LoggableError} of any thrown value. */
export function loggableError(error: unknown): LoggableError {
  const { message: _message, ...code } = serializeError(error);
  const details = typeof error === 'object' && error !== null ? (error as { details?: unknown }).details : undefined;
  const connection = typeof details === 'object' && details !== null ? (details as { connection?: unknown }).connection : undefined;
  return typeof connection === 'string' ? { ...code, connection } : code;
}
