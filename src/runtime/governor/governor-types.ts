/** The budget of one target endpoint (e.g. one NetSuite account's concurrency pool). */
export interface EndpointBudget {
  /** Hard ceiling: the governor never runs more calls at once than this. */
  maxConcurrency: number;
  /** Floor the adaptive limit never drops below (default 1). */
  minConcurrency?: number | undefined;
  /** Optional request-rate cap (token bucket, burst 1 unless `burst` says otherwise). */
  requestsPerSecond?: number | undefined;
  burst?: number | undefined;
}

/** Retrying of throttled calls inside `run`, so callers see fewer spurious 429s. */
export interface ThrottleRetryPolicy {
  /** Total attempts including the first (1 = no retry). */
  maxAttempts: number;
  initialBackoffMs?: number | undefined;
  maxBackoffMs?: number | undefined;
  /** A throttle asking to wait longer than this (default 60 s) is not retried inside the call but thrown to the caller. */
  maxRetryAfterWaitMs?: number | undefined;
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
}

/** All endpoints plus the store round trips spent (shared mode). */
export interface GovernorSnapshot {
  mode: 'local' | 'shared';
  endpoints: EndpointSnapshot[];
  storeRoundTrips: number;
}
