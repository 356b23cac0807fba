import type { SystemRef } from '../../canonical/entities/refs.js';

/** Why one record of a batch write failed, in the vendor's own words, with its retry meaning by name. */
export interface WriteFailure {
  /** `NonRetryableError` | `RetryAfterError` | `WaitError` | `RetryableError` (see runtime/errors.ts). */
  name: string;
  message: string;
  vendorCode?: string | undefined;
  /** What kind of failure (`validation`, `currency_mismatch`, ...): becomes the exception's category. */
  kind?: string | undefined;
  /** For RetryAfterError and WaitError: ISO instant. */
  retryAt?: string | undefined;
}

/** Outcome of writing one record; batch operations return one per input, in input order. */
export type WriteOutcome =
  | { ok: true; externalId: string; record: SystemRef; created: boolean }
  | { ok: false; externalId: string; failure: WriteFailure };
