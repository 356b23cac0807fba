declare const outputBrand: unique symbol;

/**
 * A step's stable id with the type of its output. A step is declared with its key; a later step
 * names the key in `needs` and reads the output with `ctx.output(key)`, typed, without a cast.
 * The id is what checkpoints are keyed by: renaming it makes it a new step.
 */
export interface StepKey<TId extends string = string, TOutput = unknown> {
  readonly id: TId;
  /** Type-only: carries the output type. */
  readonly [outputBrand]?: TOutput;
}

/** Declares a step key: `stepKey<ResolvedProject>()('resolve-project')` (the id's literal type is kept). */
export function stepKey<TOutput>(): <const TId extends string>(id: TId) => StepKey<TId, TOutput> {
  return (id) => Object.freeze({ id });
}

/** Any step key. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any output: the key's own type is read where it is used
export type AnyStepKey = StepKey<string, any>;

/** The output type a key carries. */
export type OutputOf<K> = K extends StepKey<string, infer O> ? O : never;

/** The id (literal type) of a key. */
export type IdOf<K> = K extends StepKey<infer I, unknown> ? I : never;
