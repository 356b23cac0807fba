import type { CanonicalEvent } from '../../canonical/envelope.js';
import type { Clock } from '../clock.js';
import type { IdentityMap } from '../identity/identity-map.js';
import type { RuntimeLogger } from '../worker/runtime-logger.js';
import type { AnyStepKey, OutputOf } from './step-key.js';

/**
 * What a step sees besides its input: who it runs for, the outputs of the steps it needs, the
 * identity map, the outcome events it emits, the clock and its idempotency key.
 */
export interface StepContext<TInput = CanonicalEvent, TNeeds extends AnyStepKey = never> {
  readonly runId: string;
  readonly flowId: string;
  readonly stepId: string;
  /** 1 on the first try of this step; counts failed tries + 1 (crashes and waits are not counted). */
  readonly attempt: number;
  /** 1 for the original event; higher after a replay with corrected input. */
  readonly inputVersion: number;
  readonly input: TInput;
  /** The output of an earlier step this step `needs` (its checkpoint), typed by the step's key. */
  output<K extends TNeeds>(key: K): OutputOf<K>;
  /**
   * The identity map: canonical ids of system records and the records of canonical entities.
   * Links made here are stored with this step's checkpoint, in its transaction.
   */
  readonly identity: IdentityMap;
  /**
   * Outcome events of this step (e.g. `time.posted`): validated now, appended to the event log (and to
   * the outbox where a sink subscribes) in the step's checkpoint transaction — only if the step
   * succeeds, exactly once per checkpoint. Give them a deterministic `sourceVersion`: a step run again
   * after a crash emits the same event, which the log's dedupe key absorbs.
   */
  emit(...events: CanonicalEvent[]): void;
  /**
   * Deterministic key for an outbound write, stable across retries, crashes and replays:
   * `<runId>:<stepId>` (a replay upserts the same external record instead of creating another).
   */
  idempotencyKey(stepId?: string): string;
  readonly clock: Clock;
  readonly logger: RuntimeLogger;
  /** Aborted when the worker stops; long steps should pass it to their I/O. */
  readonly signal: AbortSignal;
}

/** Builds the deterministic idempotency key of a run's step. */
export function stepIdempotencyKey(runId: string, stepId: string): string {
  return `${runId}:${stepId}`;
}
