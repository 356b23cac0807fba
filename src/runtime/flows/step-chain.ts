import type { AnyStepKey, IdOf } from './step-key.js';
import type { BatchStep, SingleStep } from './define-step.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any input/output: only ids and needs are compared here
type AnyStep = SingleStep<any, any, string, any> | BatchStep<any, any, string, any>;

type StepIdOf<S> = S extends { readonly id: infer I extends string } ? I : never;
type NeedsOf<S> = S extends { readonly needs: ReadonlyArray<infer K extends AnyStepKey> } ? IdOf<K> : never;

/**
 * The steps of a flow, checked in order: each step's `needs` must be steps before it. A step that
 * reads a later (or absent) step's output makes the type say so:
 * `"step post-time-bill needs resolve-project to run before it"`.
 */
export type CheckedSteps<S extends readonly AnyStep[], Done extends string = never> = S extends readonly [
  infer Head extends AnyStep,
  ...infer Rest extends readonly AnyStep[],
]
  ? [NeedsOf<Head>] extends [Done]
    ? readonly [Head, ...CheckedSteps<Rest, Done | StepIdOf<Head>>]
    : readonly [`step ${StepIdOf<Head>} needs ${Exclude<NeedsOf<Head>, Done>} to run before it`, ...CheckedSteps<Rest, Done | StepIdOf<Head>>]
  : S extends readonly [] ? readonly [] : S;
