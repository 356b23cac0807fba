/** An error as stored in `last_error`: its name (which carries its retry meaning), words and vendor details. */
export interface StoredError {
  name: string;
  message: string;
  vendorCode?: string | undefined;
  status?: number | undefined;
  kind?: string | undefined;
  retryAt?: string | undefined;
}

/** Turns any thrown value into a JSON-safe record without losing the name or the vendor's words. */
export function serializeError(error: unknown): StoredError {
  if (typeof error !== 'object' || error === null) return { name: 'Error', message: String(error) };
  const e = error as { name?: unknown; message?: unknown; details?: unknown; retryAt?: unknown };
  const details = (typeof e.details === 'object' && e.details !== null ? e.details : {}) as Record<string, unknown>;
  const stored: StoredError = {
    name: typeof e.name === 'string' ? e.name : 'Error',
    message: typeof e.message === 'string' ? e.message : String(error),
  };
  if (typeof details.vendorCode === 'string') stored.vendorCode = details.vendorCode;
  if (typeof details.status === 'number') stored.status = details.status;
  if (typeof details.kind === 'string') stored.kind = details.kind;
  if (e.retryAt instanceof Date) stored.retryAt = e.retryAt.toISOString();
  return stored;
}
