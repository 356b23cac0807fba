import type { CanonicalEvent } from '../../canonical/envelope.js';
import { defaultRetryPolicy, type RetryPolicy } from '../retry/retry-policy.js';
import type { StepContext } from './step-context.js';

/** A money amount as a decimal string with its ISO 4217 currency. */
export interface MoneyImpact {
  amount: string;
  currency: string;
}

interface StepCommon {
  /** Stable id: renaming it makes it a new step (checkpoints are keyed by it). */
  readonly id: string;
  readonly retry: RetryPolicy;
  /** The step posts to the ledger: replaying its run with corrected input needs a second approver. */
  readonly affectsLedger: boolean;
}

/** A step run once per run: idempotent `invoke`, optional `compensate` (undo, given the output). */
export interface SingleStep<TInput = CanonicalEvent, TOutput = unknown> extends StepCommon {
  readonly kind: 'single';
  invoke(input: TInput, ctx: StepContext<TInput>): Promise<TOutput>;
  compensate?(output: TOutput, ctx: StepContext<TInput>): Promise<void>;
}

/** One item's outcome in a batch call: one bad item never fails the others. */
export type BatchItemOutcome<TOutput = unknown> = { ok: true; output: TOutput } | { ok: false; error: unknown };

/** One run's share of a batch call. */
export interface BatchItem<TInput = CanonicalEvent> {
  input: TInput;
  ctx: StepContext<TInput>;
}

/** A step the worker calls once for many runs at the same step (e.g. 200 time lines per vendor call). */
export interface BatchStep<TInput = CanonicalEvent, TOutput = unknown> extends StepCommon {
  readonly kind: 'batch';
  readonly maxBatch: number;
  /** Must return one outcome per item, in the items' order. Throwing fails every item with that error. */
  invokeBatch(items: ReadonlyArray<BatchItem<TInput>>): Promise<Array<BatchItemOutcome<TOutput>>>;
  compensate?(output: TOutput, ctx: StepContext<TInput>): Promise<void>;
}

/** Any step of a flow. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- outputs differ per step
export type FlowStep<TInput = CanonicalEvent> = SingleStep<TInput, any> | BatchStep<TInput, any>;

function retryPolicy(overrides: Partial<RetryPolicy> | undefined): RetryPolicy {
  const policy = { ...defaultRetryPolicy, ...overrides };
  if (!(policy.maximumAttempts >= 1)) throw new Error('retry.maximumAttempts must be at least 1');
  return policy;
}

/** Declares a step (Medusa's createStep: do and undo side by side). */
export function defineStep<TInput = CanonicalEvent, TOutput = unknown>(definition: {
  id: string;
  invoke: (input: TInput, ctx: StepContext<TInput>) => Promise<TOutput>;
  compensate?: (output: TOutput, ctx: StepContext<TInput>) => Promise<void>;
  retry?: Partial<RetryPolicy>;
  affectsLedger?: boolean;
}): SingleStep<TInput, TOutput> {
  return {
    kind: 'single',
    id: definition.id,
    invoke: definition.invoke,
    ...(definition.compensate ? { compensate: definition.compensate } : {}),
    retry: retryPolicy(definition.retry),
    affectsLedger: definition.affectsLedger ?? false,
  };
}

/** Declares a batch step; the worker groups runs waiting at it into calls of at most `maxBatch`. */
export function defineBatchStep<TInput = CanonicalEvent, TOutput = unknown>(definition: {
  id: string;
  maxBatch: number;
  invokeBatch: (items: ReadonlyArray<BatchItem<TInput>>) => Promise<Array<BatchItemOutcome<TOutput>>>;
  compensate?: (output: TOutput, ctx: StepContext<TInput>) => Promise<void>;
  retry?: Partial<RetryPolicy>;
  affectsLedger?: boolean;
}): BatchStep<TInput, TOutput> {
  if (!Number.isInteger(definition.maxBatch) || definition.maxBatch < 1) throw new Error('maxBatch must be a positive integer');
  return {
    kind: 'batch',
    id: definition.id,
    maxBatch: definition.maxBatch,
    invokeBatch: definition.invokeBatch,
    ...(definition.compensate ? { compensate: definition.compensate } : {}),
    retry: retryPolicy(definition.retry),
    affectsLedger: definition.affectsLedger ?? false,
  };
}
