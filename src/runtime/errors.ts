/**
 * Errors carry their retry meaning by `name`, so the meaning survives being stored as JSON and
 * reloaded (Temporal's nonRetryableErrorTypes, Inngest's NonRetriableError / RetryAfterError).
 */
import type { OwnerDomain } from '../persistence/tables/runtime.js';

/** Details a connector attaches: the vendor's own code and words, the HTTP status. */
export interface VendorErrorDetails {
  vendorCode?: string | undefined;
  status?: number | undefined;
  connection?: string | undefined;
  /** e.g. 'concurrency_limit' | 'rate_limit' | 'daily_allowance' | 'validation' | 'not_found' | 'auth' */
  kind?: string | undefined;
  /** A Location the vendor answered with the error (NetSuite's IDEMPOTENCY_ERROR names the job the key already submitted). */
  location?: string | undefined;
  /**
   * Who must act if this error opens an exception, when the step knows better than the flow's
   * per-category default (e.g. a rate missing for a sales-owned rate card). Wins over the flow's owners.
   */
  ownerDomain?: OwnerDomain | undefined;
}

/** The work can never succeed as it is (4xx validation): becomes an exception at once. */
export class NonRetryableError extends Error {
  override readonly name = 'NonRetryableError';
  constructor(message: string, readonly details: VendorErrorDetails = {}, options?: ErrorOptions) {
    super(message, options);
  }
}

/** Try again, not before `retryAt` (429 with Retry-After, concurrency limits, maintenance windows). */
export class RetryAfterError extends Error {
  override readonly name = 'RetryAfterError';
  constructor(message: string, readonly retryAt: Date, readonly details: VendorErrorDetails = {}, options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * Not a failure: the work must wait until `retryAt` and then be tried again, without spending one of
 * the step's attempts — a call still throttled when the governor's time budget ran out, a vendor's
 * async job still running at the poll. The run waits (no worker held); the step's retry policy only
 * counts real failures.
 */
export class WaitError extends Error {
  override readonly name = 'WaitError';
  constructor(message: string, readonly retryAt: Date, readonly details: VendorErrorDetails = {}, options?: ErrorOptions) {
    super(message, options);
  }
}

/** Transient (5xx, timeouts, resets): retry under the step's policy. Unknown errors count as this. */
export class RetryableError extends Error {
  override readonly name = 'RetryableError';
  constructor(message: string, readonly details: VendorErrorDetails = {}, options?: ErrorOptions) {
    super(message, options);
  }
}

/** How the runtime treats a failure, decided by the error's name only. */
export type RetryDisposition = 'non_retryable' | 'retry_after' | 'wait' | 'retryable';

/** Classifies any thrown value (including one reloaded from storage) by its `name`. */
export function retryDispositionOf(error: unknown): RetryDisposition {
  const name = typeof error === 'object' && error !== null && 'name' in error ? String((error as { name: unknown }).name) : '';
  if (name === 'NonRetryableError') return 'non_retryable';
  if (name === 'RetryAfterError') return 'retry_after';
  if (name === 'WaitError') return 'wait';
  return 'retryable';
}
