import type { CanonicalEvent } from '../../canonical/envelope.js';
import type { AnyCanonicalEvent, EventType } from '../../canonical/events/index.js';
import type { OwnerDomain } from '../../persistence/tables/runtime.js';
import type { BatchStep, FlowStep, MoneyImpact, SingleStep } from './define-step.js';
import type { CheckedSteps } from './step-chain.js';

/** A flow as the runtime runs it: which events start it, how runs are ordered, its steps, and who owns its exceptions. */
export interface FlowDefinition<TInput extends CanonicalEvent = CanonicalEvent> {
  readonly id: string;
  /** The event types that start a run. */
  readonly on: readonly string[];
  /** Runs with the same key execute one at a time, in event order (e.g. the time entry's id). */
  key(event: TInput): string;
  readonly steps: ReadonlyArray<FlowStep<TInput>>;
  /** Undo completed steps in reverse when a step fails permanently. */
  readonly compensateOnFailure: boolean;
  /** A failed run (open exception) holds back later runs of its key until retried or resolved. */
  readonly failureBlocksKey: boolean;
  priority(event: TInput): number;
  /** The flow's default owner (`owners.default`), kept for readers of the one-owner-per-flow API. */
  readonly ownerDomain: OwnerDomain;
  /** Who owns this flow's exceptions: per category, else the default. */
  readonly owners: ExceptionOwners;
  /** How long an exception of this flow may stay open before it breaches its SLA (the default). */
  readonly exceptionSlaMs: number;
  /** SLA per exception category, overriding `exceptionSlaMs`. */
  readonly exceptionSlaMsByCategory: Readonly<Record<string, number>>;
  /** The owner of an exception of `category`: the step's (its error's `ownerDomain`), else the category's, else the default. */
  ownerOf(category: string, stepOwner?: OwnerDomain): OwnerDomain;
  /** The SLA of an exception of `category`. */
  slaMsOf(category: string): number;
  /** Business impact of a failed run, summed per currency when several items are involved. */
  impact(input: TInput): MoneyImpact | MoneyImpact[] | undefined;
}

/** Owner defaults of a flow's exceptions: one per category (e.g. `missing_rate: 'delivery'`), and a default for the rest. */
export interface ExceptionOwners {
  readonly default: OwnerDomain;
  readonly byCategory: Readonly<Record<string, OwnerDomain>>;
}

/**
 * Categories the runtime itself raises, owned by integration unless a flow says otherwise: a lost
 * worker, retries run out, a failed compensation, an unreadable input, and identity-map problems.
 */
const runtimeOwners: Readonly<Record<string, OwnerDomain>> = {
  worker_lost: 'integration',
  retries_exhausted: 'integration',
  compensation_failed: 'integration',
  input_unavailable: 'integration',
  xref_conflict: 'integration',
  xref_ambiguous: 'integration',
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any output and needs: CheckedSteps compares them
type StepOf<TInput> = SingleStep<TInput, any, string, any> | BatchStep<TInput, any, string, any>;

/** What a flow is declared with. */
export interface FlowSpec<TInput extends CanonicalEvent, TType extends string, S extends readonly StepOf<TInput>[]> {
  /** Stable id: runs refer to it. */
  id: string;
  /** The event types that start a run; the input type is the union of their canonical events. */
  on: readonly TType[];
  /** The ordering key: runs with one key execute one at a time, in event order. */
  key: (event: TInput) => string;
  /** The steps in order; each step's `needs` must come before it (checked by the type and at definition). */
  steps: S & CheckedSteps<S>;
  compensateOnFailure?: boolean;
  failureBlocksKey?: boolean;
  priority?: (event: TInput) => number;
  /** Owner per exception category, and the default (runtime categories default to integration). */
  owners?: { default: OwnerDomain; byCategory?: Readonly<Record<string, OwnerDomain>> };
  exceptionSlaMs?: number;
  exceptionSlaMsByCategory?: Readonly<Record<string, number>>;
  impact?: (input: TInput) => MoneyImpact | MoneyImpact[] | undefined;
}

/**
 * Declares a flow: `defineFlow({ id, on: ['time.approved', 'time.rejected'], key, steps: [...] })`.
 * The input type is inferred from `on` through the canonical event registry; each step's input must
 * accept it and each step's `needs` must be earlier steps. Ids of the flow and its steps must be
 * stable (runs and checkpoints refer to them).
 */
export function defineFlow<const TType extends EventType, const S extends readonly StepOf<AnyCanonicalEvent<TType>>[]>(
  spec: FlowSpec<AnyCanonicalEvent<TType>, TType, S>,
): FlowDefinition<AnyCanonicalEvent<TType>> {
  return buildFlow(spec as unknown as FlowSpec<CanonicalEvent, string, readonly StepOf<CanonicalEvent>[]>) as FlowDefinition<AnyCanonicalEvent<TType>>;
}

/**
 * A flow over events outside the canonical registry (test and bench events): name the input type,
 * the steps are still checked — `defineFlowOf<TestLineEvent>()({ id, on, key, steps })`.
 */
export function defineFlowOf<TInput extends CanonicalEvent>() {
  return <const S extends readonly StepOf<TInput>[]>(spec: FlowSpec<TInput, TInput['type'], S>): FlowDefinition<TInput> =>
    buildFlow(spec as unknown as FlowSpec<CanonicalEvent, string, readonly StepOf<CanonicalEvent>[]>) as unknown as FlowDefinition<TInput>;
}

function buildFlow(spec: FlowSpec<CanonicalEvent, string, readonly StepOf<CanonicalEvent>[]>): FlowDefinition {
  const steps = spec.steps as readonly FlowStep[];
  if (steps.length === 0) throw new Error(`flow ${spec.id}: needs at least one step`);
  if (spec.on.length === 0) throw new Error(`flow ${spec.id}: needs at least one event type in 'on'`);
  const before = new Set<string>();
  for (const step of steps) {
    if (before.has(step.id)) throw new Error(`flow ${spec.id}: duplicate step id ${step.id}`);
    for (const need of step.needs) {
      if (!before.has(need.id)) throw new Error(`flow ${spec.id}: step ${step.id} needs ${need.id} to run before it`);
    }
    before.add(step.id);
  }
  const owners: ExceptionOwners = {
    default: spec.owners?.default ?? 'integration',
    byCategory: { ...runtimeOwners, ...spec.owners?.byCategory },
  };
  const exceptionSlaMs = spec.exceptionSlaMs ?? 24 * 60 * 60_000;
  const slaByCategory = { ...spec.exceptionSlaMsByCategory };
  return {
    id: spec.id,
    on: [...spec.on],
    key: spec.key,
    steps,
    compensateOnFailure: spec.compensateOnFailure ?? false,
    failureBlocksKey: spec.failureBlocksKey ?? true,
    priority: spec.priority ?? (() => 0),
    ownerDomain: owners.default,
    owners,
    exceptionSlaMs,
    exceptionSlaMsByCategory: slaByCategory,
    ownerOf: (category, stepOwner) => stepOwner ?? (Object.hasOwn(owners.byCategory, category) ? owners.byCategory[category]! : owners.default),
    slaMsOf: (category) => (Object.hasOwn(slaByCategory, category) ? slaByCategory[category]! : exceptionSlaMs),
    impact: spec.impact ?? (() => undefined),
  };
}
