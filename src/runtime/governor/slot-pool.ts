import type { EndpointSnapshot } from './governor-types.js';

/** One granted slot: what `release` needs back, and what the call saw when it started. */
export interface SlotLease {
  endpointId: string;
  slot: number;
  leaseId: string;
  epochAtStart: number;
  /**
   * Fewest calls in flight (this one included) seen while the call ran. A 429 means the vendor had
   * more than it allows at some moment of the call; this lower bound is the safest estimate of how
   * many that was (the governor always counts at least what the vendor sees).
   */
  fewestInFlight: number;
}

/** How a governed call ended, as far as the budget cares. */
export type CallOutcome = { kind: 'success' } | { kind: 'throttle'; retryAt: Date | null } | { kind: 'other_failure' };

/** Result of asking for slots. */
export interface AcquireAttempt {
  leases: SlotLease[];
  /** When to try again if short of slots, even without a local release (hold, rate, other processes). */
  retryInMs: number | null;
}

/** Where slots and the adaptive limit live: in memory (local) or in PostgreSQL (shared). */
export interface SlotPool {
  readonly mode: 'local' | 'shared';
  /** Up to `wanted` slots for calls of `priority`, never beyond the endpoint's current limit. */
  tryAcquire(endpointId: string, wanted: number, priority: number): Promise<AcquireAttempt>;
  /** Frees the slot and adapts the limit to the outcome. */
  release(lease: SlotLease, outcome: CallOutcome): Promise<void>;
  /** Shared mode: the process no longer waits at this priority (drop its claim on the next slot). */
  stopWaiting(endpointId: string, priority: number): Promise<void>;
  /** Budget figures (limit, ceiling, hold) per endpoint; counters are filled in by the governor. */
  describe(endpointId: string): Promise<Pick<EndpointSnapshot, 'limit' | 'learnedCeiling' | 'holdUntil' | 'maxConcurrency'>>;
  readonly roundTrips: number;
  /** Shared mode: stops renewing the leases of held slots (they expire a lease period later). */
  close(): Promise<void>;
}
