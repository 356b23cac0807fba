import type { CanonicalEvent } from '../../canonical/envelope.js';
import type { OwnerDomain } from '../../persistence/tables/runtime.js';
import type { FlowStep, MoneyImpact } from './define-step.js';

/** A flow: which events start it, how runs are ordered, its steps, and who owns its exceptions. */
export interface FlowDefinition<TInput extends CanonicalEvent = CanonicalEvent> {
  readonly id: string;
  readonly subscribesTo: readonly string[];
  /** Runs with the same key execute one at a time, in event order (e.g. the time entry's id). */
  orderingKey(event: TInput): string;
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

/** Declares a flow; ids of the flow and its steps must be stable (runs and checkpoints refer to them). */
export function defineFlow<TInput extends CanonicalEvent = CanonicalEvent>(definition: {
  id: string;
  subscribesTo: readonly string[];
  orderingKey: (event: TInput) => string;
  steps: ReadonlyArray<FlowStep<TInput>>;
  compensateOnFailure?: boolean;
  failureBlocksKey?: boolean;
  priority?: (event: TInput) => number;
  /** One owner for every exception of the flow (kept for compatibility; same as `owners: { default }`). */
  ownerDomain?: OwnerDomain;
  /** Owner per exception category, and the default; give this or `ownerDomain`, not both. */
  owners?: { default: OwnerDomain; byCategory?: Readonly<Record<string, OwnerDomain>> };
  exceptionSlaMs?: number;
  exceptionSlaMsByCategory?: Readonly<Record<string, number>>;
  impact?: (input: TInput) => MoneyImpact | MoneyImpact[] | undefined;
}): FlowDefinition<TInput> {
  const stepIds = new Set<string>();
  for (const step of definition.steps) {
    if (stepIds.has(step.id)) throw new Error(`flow ${definition.id}: duplicate step id ${step.id}`);
    stepIds.add(step.id);
  }
  if (definition.steps.length === 0) throw new Error(`flow ${definition.id}: needs at least one step`);
  if (definition.ownerDomain !== undefined && definition.owners !== undefined) {
    throw new Error(`flow ${definition.id}: give either ownerDomain or owners, not both`);
  }
  const owners: ExceptionOwners = {
    default: definition.owners?.default ?? definition.ownerDomain ?? 'integration',
    byCategory: { ...definition.owners?.byCategory },
  };
  const exceptionSlaMs = definition.exceptionSlaMs ?? 24 * 60 * 60_000;
  const slaByCategory = { ...definition.exceptionSlaMsByCategory };
  return {
    id: definition.id,
    subscribesTo: definition.subscribesTo,
    orderingKey: definition.orderingKey,
    steps: definition.steps,
    compensateOnFailure: definition.compensateOnFailure ?? false,
    failureBlocksKey: definition.failureBlocksKey ?? true,
    priority: definition.priority ?? (() => 0),
    ownerDomain: owners.default,
    owners,
    exceptionSlaMs,
    exceptionSlaMsByCategory: slaByCategory,
    ownerOf: (category, stepOwner) => stepOwner ?? (Object.hasOwn(owners.byCategory, category) ? owners.byCategory[category]! : owners.default),
    slaMsOf: (category) => (Object.hasOwn(slaByCategory, category) ? slaByCategory[category]! : exceptionSlaMs),
    impact: definition.impact ?? (() => undefined),
  };
}
