/** Error kinds (`details.kind`, see runtime/errors.ts) that mean "too much load", not "broken call". */
const THROTTLE_KINDS = new Set(['rate_limit', 'concurrency_limit', 'daily_allowance']);

/** What a failed call tells the governor. */
export interface ThrottleSignal {
  /** Not before this instant (RetryAfterError.retryAt), when the vendor said so. */
  retryAt: Date | null;
}

/**
 * Reads a thrown value: a RetryAfterError, or any error whose `details.kind` is rate_limit or
 * concurrency_limit, is a throttle. Recognised by name and fields only, so it works on errors from any
 * connector (and ones reloaded from storage).
 */
export function throttleSignalOf(error: unknown): ThrottleSignal | null {
  if (typeof error !== 'object' || error === null) return null;
  const candidate = error as { name?: unknown; retryAt?: unknown; details?: { kind?: unknown } };
  // A WaitError already is a throttle past some budget (or an unfinished job): never waited on again.
  if (candidate.name === 'WaitError') return null;
  const kind = typeof candidate.details?.kind === 'string' ? candidate.details.kind : undefined;
  const isRetryAfter = candidate.name === 'RetryAfterError';
  if (!isRetryAfter && !(kind && THROTTLE_KINDS.has(kind))) return null;
  const retryAt = candidate.retryAt instanceof Date ? candidate.retryAt : typeof candidate.retryAt === 'string' ? new Date(candidate.retryAt) : null;
  return { retryAt: retryAt && !Number.isNaN(retryAt.getTime()) ? retryAt : null };
}
