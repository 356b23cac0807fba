/** The budget of one target endpoint (e.g. one NetSuite account's concurrency pool). */
export interface EndpointBudget {
  /** Hard ceiling: the governor never runs more calls at once than this. */
  maxConcurrency: number;
  /** Floor the adaptive limit never drops below (default 1). */
  minConcurrency?: number | undefined;
  /** Optional request-rate cap (token bucket, burst 1 unless `burst` says otherwise). */
  requestsPerSecond?: number | undefined;
  burst?: number | undefined;
  /** This endpoint's throttle budget (see ThrottleRetryPolicy.budgetMs); wins over the governor's. */
  throttleBudgetMs?: number | undefined;
}

/** The throttle budget of a governor given `retryOnThrottle` without `budgetMs`: 30 s of waiting per call. */
export const DEFAULT_THROTTLE_BUDGET_MS = 30_000;

/**
 * How `run` handles a throttled call (429, concurrency limit, Retry-After, daily allowance): it waits
 * (Retry-After, else jittered exponential backoff) and re-issues the call as long as the call's total
 * wait stays within `budgetMs` — a time budget, not a count. A throttle whose wait would go past the
 * budget ends the call with a WaitError (retryAt = when the vendor said / the next backoff): the
 * runtime reschedules the run for then without spending a step attempt, and no worker waits meanwhile.
 */
export interface ThrottleRetryPolicy {
  /** Total wait one call may spend on throttles before it becomes a WaitError (default 30 s; 0 = never wait). */
  budgetMs?: number | undefined;
  /** First backoff when the vendor names no time (default 50 ms), doubling with jitter. */
  initialBackoffMs?: number | undefined;
  /** Longest single backoff when the vendor names no time (default 5 s). */
  maxBackoffMs?: number | undefined;
}

/** Per-call options. */
export interface GovernedCallOptions {
  /** Higher goes first among waiting calls; see `GOVERNOR_PRIORITY`. */
  priority?: number | undefined;
}

/** Named priorities: month-end posting before routine sync. */
export const GOVERNOR_PRIORITY = { routine: 0, high: 10 } as const;

/** What the governor currently believes about one endpoint. */
export interface EndpointSnapshot {
  endpointId: string;
  maxConcurrency: number;
  /** The adaptive concurrency limit in force. */
  limit: number;
  /** Upper bound learned from the last throttle, while it holds. */
  learnedCeiling: number | null;
  holdUntil: Date | null;
  /** Calls of this process running now. */
  inFlight: number;
  /** Calls of this process waiting for a slot. */
  waiting: number;
  successes: number;
  throttles: number;
  /** Throttled calls the governor retried itself. */
  retried: number;
  /** Throttled calls handed back as a WaitError (their wait went past the throttle budget). */
  deferred: number;
}

/** All endpoints plus the store round trips spent (shared mode). */
export interface GovernorSnapshot {
  mode: 'local' | 'shared';
  endpoints: EndpointSnapshot[];
  storeRoundTrips: number;
}
