import type { CanonicalEvent } from '../../canonical/envelope.js';
import type { Clock } from '../clock.js';
import type { RuntimeLogger } from '../worker/runtime-logger.js';

/** What a step sees besides its input: who it runs for, earlier outputs, the clock, its idempotency key. */
export interface StepContext<TInput = CanonicalEvent> {
  readonly runId: string;
  readonly flowId: string;
  readonly stepId: string;
  /** 1 on the first try of this step; counts failed tries + 1 (crashes are not counted). */
  readonly attempt: number;
  /** 1 for the original event; higher after a replay with corrected input. */
  readonly inputVersion: number;
  readonly input: TInput;
  /** Outputs of the steps completed before this one, by step id. */
  readonly outputs: Readonly<Record<string, unknown>>;
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
