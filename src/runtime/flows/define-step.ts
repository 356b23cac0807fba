import type { CanonicalEvent } from '../../canonical/envelope.js';
import { defaultRetryPolicy, type RetryPolicy } from '../retry/retry-policy.js';
import type { StepContext } from './step-context.js';
import type { AnyStepKey, StepKey } from './step-key.js';

/** A money amount as a decimal string with its ISO 4217 currency. */
export interface MoneyImpact {
  amount: string;
  currency: string;
}

interface StepCommon<TId extends string, TNeeds extends AnyStepKey> {
  /** Stable id: renaming it makes it a new step (checkpoints are keyed by it). */
  readonly id: TId;
  /** The keys of the earlier steps whose outputs this step reads (`ctx.output(key)`). */
  readonly needs: readonly TNeeds[];
  readonly retry: RetryPolicy;
  /** The step posts to the ledger: replaying its run with corrected input needs a second approver. */
  readonly affectsLedger: boolean;
}

/** A step run once per run: idempotent `invoke`, optional `compensate` (undo, given the output). */
export interface SingleStep<TInput = CanonicalEvent, TOutput = unknown, TId extends string = string, TNeeds extends AnyStepKey = never> extends StepCommon<TId, TNeeds> {
  readonly kind: 'single';
  invoke(input: TInput, ctx: StepContext<TInput, TNeeds>): Promise<TOutput>;
  compensate?(output: TOutput, ctx: StepContext<TInput, TNeeds>): Promise<void>;
}

/** One item's outcome in a batch call: one bad item never fails the others. */
export type BatchItemOutcome<TOutput = unknown> = { ok: true; output: TOutput } | { ok: false; error: unknown };

/** One run's share of a batch call. */
export interface BatchItem<TInput = CanonicalEvent, TNeeds extends AnyStepKey = never> {
  input: TInput;
  ctx: StepContext<TInput, TNeeds>;
}

/** A step the worker calls once for many runs at the same step (e.g. 200 time lines per vendor call). */
export interface BatchStep<TInput = CanonicalEvent, TOutput = unknown, TId extends string = string, TNeeds extends AnyStepKey = never> extends StepCommon<TId, TNeeds> {
  readonly kind: 'batch';
  readonly maxBatch: number;
  /** Must return one outcome per item, in the items' order. Throwing fails every item with that error. */
  invokeBatch(items: ReadonlyArray<BatchItem<TInput, TNeeds>>): Promise<Array<BatchItemOutcome<TOutput>>>;
  compensate?(output: TOutput, ctx: StepContext<TInput, TNeeds>): Promise<void>;
}

/** Any step of a flow (the runtime's view: outputs and needs are checked where the flow is declared). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- outputs and needs differ per step
export type FlowStep<TInput = CanonicalEvent> = SingleStep<TInput, any, string, any> | BatchStep<TInput, any, string, any>;

function retryPolicy(overrides: Partial<RetryPolicy> | undefined): RetryPolicy {
  const policy = { ...defaultRetryPolicy, ...overrides };
  if (!(policy.maximumAttempts >= 1)) throw new Error('retry.maximumAttempts must be at least 1');
  return policy;
}

function idOf<TId extends string>(id: StepKey<TId, unknown> | TId): TId {
  const value = typeof id === 'string' ? id : id.id;
  if (typeof value !== 'string' || value === '') throw new Error('a step needs a non-empty id');
  return value;
}

/** Options every step takes besides its work. */
interface StepOptions<TNeeds extends AnyStepKey> {
  /** Keys of earlier steps whose outputs this step reads; the flow checks they run before it. */
  needs?: readonly TNeeds[];
  /** The step's own retry policy (plain data); the runtime owns every retry but throttling. */
  retry?: Partial<RetryPolicy>;
  affectsLedger?: boolean;
}

/**
 * Declares a step (Medusa's createStep: do and undo side by side) under its key, whose type is the
 * step's output: `defineStep({ id: resolvedProject, needs: [...], invoke })`.
 */
export function defineStep<TInput, const TId extends string = string, TOutput = unknown, const TNeeds extends AnyStepKey = never>(
  definition: StepOptions<TNeeds> & {
    /** The step's key (its id with its output type), or a bare id when no later step reads the output. */
    id: StepKey<TId, TOutput> | TId;
    invoke: (input: TInput, ctx: StepContext<TInput, TNeeds>) => Promise<TOutput>;
    compensate?: (output: TOutput, ctx: StepContext<TInput, TNeeds>) => Promise<void>;
  },
): SingleStep<TInput, TOutput, TId, NoInfer<TNeeds>> {
  return {
    kind: 'single',
    id: idOf(definition.id),
    needs: definition.needs ?? [],
    invoke: definition.invoke,
    ...(definition.compensate ? { compensate: definition.compensate } : {}),
    retry: retryPolicy(definition.retry),
    affectsLedger: definition.affectsLedger ?? false,
  };
}

/** Declares a batch step under its key; the worker groups runs waiting at it into calls of at most `maxBatch`. */
export function defineBatchStep<TInput, const TId extends string = string, TOutput = unknown, const TNeeds extends AnyStepKey = never>(
  definition: StepOptions<TNeeds> & {
    /** The step's key (its id with its output type), or a bare id when no later step reads the output. */
    id: StepKey<TId, TOutput> | TId;
    maxBatch: number;
    invokeBatch: (items: ReadonlyArray<BatchItem<TInput, TNeeds>>) => Promise<Array<BatchItemOutcome<TOutput>>>;
    compensate?: (output: TOutput, ctx: StepContext<TInput, TNeeds>) => Promise<void>;
  },
): BatchStep<TInput, TOutput, TId, NoInfer<TNeeds>> {
  if (!Number.isInteger(definition.maxBatch) || definition.maxBatch < 1) throw new Error('maxBatch must be a positive integer');
  return {
    kind: 'batch',
    id: idOf(definition.id),
    needs: definition.needs ?? [],
    maxBatch: definition.maxBatch,
    invokeBatch: definition.invokeBatch,
    ...(definition.compensate ? { compensate: definition.compensate } : {}),
    retry: retryPolicy(definition.retry),
    affectsLedger: definition.affectsLedger ?? false,
  };
}
