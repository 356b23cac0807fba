import type { Clock } from '../../runtime/clock.js';
import { NonRetryableError, RetryableError, RetryAfterError, type VendorErrorDetails } from '../../runtime/errors.js';

/**
 * The common mapping of an HTTP failure to the runtime's error classes (architecture §5):
 * 4xx validation -> non-retryable with the vendor's message; 429 / concurrency limit -> retry after
 * (Retry-After when given, else `defaultRetryMs`); 5xx -> retryable.
 */
export function classifyHttpFailure(input: {
  clock: Clock;
  status: number;
  message: string;
  details: VendorErrorDetails;
  retryAfterHeader?: string | undefined;
  throttled?: boolean | undefined;
  defaultRetryMs?: number | undefined;
}): Error {
  const { status, message, details } = input;
  if (input.throttled || status === 429) {
    const seconds = Number(input.retryAfterHeader);
    const delayMs = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : (input.defaultRetryMs ?? 1_000);
    return new RetryAfterError(message, new Date(input.clock.now().getTime() + delayMs), { kind: 'rate_limit', ...details, status });
  }
  if (status >= 500 || status === 408) return new RetryableError(message, { ...details, status });
  return new NonRetryableError(message, { ...details, status });
}
