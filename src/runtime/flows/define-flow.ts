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
  readonly ownerDomain: OwnerDomain;
  /** How long an exception of this flow may stay open before it breaches its SLA. */
  readonly exceptionSlaMs: number;
  /** Business impact of a failed run, summed per currency when several items are involved. */
  impact(input: TInput): MoneyImpact | MoneyImpact[] | undefined;
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
  ownerDomain?: OwnerDomain;
  exceptionSlaMs?: number;
  impact?: (input: TInput) => MoneyImpact | MoneyImpact[] | undefined;
}): FlowDefinition<TInput> {
  const stepIds = new Set<string>();
  for (const step of definition.steps) {
    if (stepIds.has(step.id)) throw new Error(`flow ${definition.id}: duplicate step id ${step.id}`);
    stepIds.add(step.id);
  }
  if (definition.steps.length === 0) throw new Error(`flow ${definition.id}: needs at least one step`);
  return {
    id: definition.id,
    subscribesTo: definition.subscribesTo,
    orderingKey: definition.orderingKey,
    steps: definition.steps,
    compensateOnFailure: definition.compensateOnFailure ?? false,
    failureBlocksKey: definition.failureBlocksKey ?? true,
    priority: definition.priority ?? (() => 0),
    ownerDomain: definition.ownerDomain ?? 'integration',
    exceptionSlaMs: definition.exceptionSlaMs ?? 24 * 60 * 60_000,
    impact: definition.impact ?? (() => undefined),
  };
}
