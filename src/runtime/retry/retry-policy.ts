import { retryDispositionOf } from '../errors.js';

/** How a step retries, as plain data (Temporal's RetryPolicy). */
export interface RetryPolicy {
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
  /** Total attempts including the first; reaching it opens an exception. */
  maximumAttempts: number;
  /** Error names that never retry, in addition to `NonRetryableError`. */
  nonRetryableErrorNames: readonly string[];
}

/** The policy a step gets when it declares none. */
export const defaultRetryPolicy: RetryPolicy = {
  initialIntervalMs: 1_000,
  backoffCoefficient: 2,
  maximumIntervalMs: 5 * 60_000,
  maximumAttempts: 8,
  nonRetryableErrorNames: [],
};

/** Delay before the next attempt after `failedAttempts` failures (1 after the first failure). */
export function retryDelayMs(policy: RetryPolicy, failedAttempts: number): number {
  const exponent = Math.max(0, failedAttempts - 1);
  const delay = policy.initialIntervalMs * Math.pow(policy.backoffCoefficient, exponent);
  return Math.min(policy.maximumIntervalMs, Math.round(delay));
}

/** What happens after a failed attempt. */
export type FailureDecision =
  | { kind: 'retry'; at: Date; /** false for a wait ({@link WaitError}): the attempt is not spent. */ counted: boolean }
  | { kind: 'permanent'; reason: 'non_retryable' | 'attempts_exhausted' };

/**
 * Decides the fate of a failed attempt by the error's name (so stored errors classify the same):
 * non-retryable -> permanent; retry-after -> wait until its `retryAt`; otherwise back off under the
 * policy. Every failure, retry-after included, counts towards `maximumAttempts`; a wait
 * ({@link WaitError}: throttled past the governor's budget, an async job not done yet) is not a
 * failure — the run waits until its `retryAt` and the attempt is not spent (`failedAttempts` then
 * means the failures before it).
 */
export function decideAfterFailure(policy: RetryPolicy, error: unknown, failedAttempts: number, now: Date): FailureDecision {
  const name = errorName(error);
  const disposition = retryDispositionOf(error);
  if (disposition === 'non_retryable' || policy.nonRetryableErrorNames.includes(name)) {
    return { kind: 'permanent', reason: 'non_retryable' };
  }
  if (disposition === 'wait') {
    const retryAt = retryAtOf(error) ?? new Date(now.getTime() + policy.initialIntervalMs);
    return { kind: 'retry', at: new Date(Math.max(retryAt.getTime(), now.getTime())), counted: false };
  }
  if (failedAttempts >= policy.maximumAttempts) return { kind: 'permanent', reason: 'attempts_exhausted' };
  if (disposition === 'retry_after') {
    const retryAt = retryAtOf(error);
    if (retryAt) return { kind: 'retry', at: new Date(Math.max(retryAt.getTime(), now.getTime())), counted: true };
  }
  return { kind: 'retry', at: new Date(now.getTime() + retryDelayMs(policy, failedAttempts)), counted: true };
}

function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && 'name' in error ? String((error as { name: unknown }).name) : '';
}

function retryAtOf(error: unknown): Date | undefined {
  if (typeof error !== 'object' || error === null || !('retryAt' in error)) return undefined;
  const value = (error as { retryAt: unknown }).retryAt;
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}
