import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import type { CanonicalEvent } from '../../canonical/envelope.js';
import type { Database } from '../../persistence/schema.js';
import type { ClaimedRun } from '../claims/claim-runs.js';
import { releaseRuns } from '../claims/leases.js';
import type { Clock } from '../clock.js';
import { recordPermanentFailure } from '../exceptions/record-permanent-failure.js';
import { resolveExceptionsOfCompletedRuns } from '../exceptions/resolve-on-completion.js';
import { sumImpact, type SummedImpact } from '../exceptions/sum-impact.js';
import type { FlowDefinition } from '../flows/define-flow.js';
import type { BatchItemOutcome, FlowStep } from '../flows/define-step.js';
import type { FlowRegistry } from '../flows/flow-registry.js';
import type { OutcomeSink } from '../flows/outcome-sink.js';
import { stepIdempotencyKey, type StepContext } from '../flows/step-context.js';
import type { AnyStepKey, OutputOf } from '../flows/step-key.js';
import type { IdentityLink } from '../identity/identity-map.js';
import type { IdentityStore } from '../identity/identity-store.js';
import { NonRetryableError } from '../errors.js';
import { decideAfterFailure } from '../retry/retry-policy.js';
import { loggableError, serializeError } from '../retry/serialize-error.js';
import { loadRunInputs } from '../runs/load-run-inputs.js';
import { recordStepResults, type StepRetry, type StepSuccess } from '../runs/record-step-results.js';
import { runWithConcurrency } from './run-with-concurrency.js';
import type { RuntimeLogger } from './runtime-logger.js';

/** What the executor needs; the worker supplies it. */
export interface ExecutorDeps {
  db: Kysely<Database>;
  clock: Clock;
  flows: FlowRegistry;
  workerId: string;
  concurrency: number;
  logger: RuntimeLogger;
  /** Passed to steps as `ctx.signal`. */
  stepSignal: AbortSignal;
  /** Checked between waves: when true, the runs not yet finished are released, not continued. */
  shouldStop(): boolean;
  /** Ids of runs whose lease the heartbeat found lost; the executor drops them. */
  lostLeases: ReadonlySet<string>;
  /** The executor keeps this set equal to the runs it holds, for the heartbeat. */
  held: Set<string>;
  /** The identity map steps see (`ctx.identity`); their links are stored with their checkpoints. */
  identity: IdentityStore;
  /** Where the outcome events steps emit are appended, in the checkpoint transaction; none: emitting fails the step. */
  outcomes: OutcomeSink | undefined;
}

/** Counts of one execution of a claimed batch. */
export interface ExecutionSummary {
  completed: number;
  retrying: number;
  failed: number;
  released: number;
  lost: number;
}

interface ActiveRun {
  claim: ClaimedRun;
  flow: FlowDefinition;
  input: CanonicalEvent;
  outputs: Map<string, unknown>;
  stepIndex: number;
  /** Failed attempts of the current step so far. */
  attempt: number;
}

type Outcome = BatchItemOutcome<unknown>;

/** What one step invocation did besides its output: links and outcome events, kept only if it succeeds. */
interface StepEffects {
  links: IdentityLink[];
  events: CanonicalEvent[];
}

/**
 * A wave's outcomes are held in memory and the next wave starts at once while less than this has
 * passed since the last recording: cheap steps of a claimed run execute back-to-back and are
 * checkpointed together, slow steps are checkpointed after every wave.
 */
const CHECKPOINT_INTERVAL_MS = 50;

interface PendingOutcomes {
  successes: StepSuccess[];
  retries: StepRetry[];
  /** Links and events of the successes, by run: written with them, for the runs still held. */
  effects: Array<{ runId: string } & StepEffects>;
}

/**
 * Executes claimed runs in waves: every run advances one step per wave; runs at the same batch step
 * share `invokeBatch` calls; single steps run with bounded concurrency. Outcomes are recorded in one
 * short transaction of multi-row statements (checkpoints + run updates) per CHECKPOINT_INTERVAL_MS of
 * work, and always before a permanent failure, a stop, or the end of the claim. A crash loses at most
 * the unrecorded waves; their steps are idempotent and run again on resume. Runs taken over from a
 * crashed worker are recorded after every wave, so a crash is charged to the step that was running.
 */
export async function executeClaimedRuns(deps: ExecutorDeps, claimed: readonly ClaimedRun[]): Promise<ExecutionSummary> {
  const summary: ExecutionSummary = { completed: 0, retrying: 0, failed: 0, released: 0, lost: 0 };
  if (claimed.length === 0) return summary;
  for (const c of claimed) deps.held.add(c.id);
  try {
    const { states, unavailable } = await loadRunInputs(deps.db, claimed);
    let active: ActiveRun[] = [];
    const exhausted: PermanentFailureOf[] = [];
    for (const claim of claimed) {
      const flow = deps.flows.get(claim.flowId);
      if (!flow) continue;
      const state = states.get(claim.id);
      if (!state) {
        summary.failed += (await failWithoutInput(deps, claim, flow, unavailable.get(claim.id) ?? 'input is missing')) ? 1 : 0;
        continue;
      }
      const firstOpen = flow.steps.findIndex((s) => !state.outputs.has(s.id));
      const stepIndex = firstOpen === -1 ? flow.steps.length - 1 : firstOpen;
      const step = flow.steps[stepIndex]!;
      const attempt = (claim.currentStep ?? flow.steps[0]!.id) === step.id ? claim.attempt : 0;
      const run: ActiveRun = { claim, flow, input: state.input, outputs: state.outputs, stepIndex, attempt };
      // Poison pill: the workers that ran this step lost it without an outcome as often as it may fail.
      if (claim.recovered && attempt >= step.retry.maximumAttempts && !state.outputs.has(step.id)) {
        exhausted.push({ run, error: workerLostError(step.id, attempt), reason: 'attempts_exhausted', category: 'worker_lost', attempts: attempt });
        continue;
      }
      active.push(run);
    }
    for (const failure of exhausted) summary.failed += (await failPermanently(deps, failure)) ? 1 : 0;
    const careful = claimed.some((c) => c.recovered);

    const pending: PendingOutcomes = { successes: [], retries: [], effects: [] };
    let lastRecorded = performance.now();
    const record = async () => {
      const lost = await recordPending(deps, pending, summary);
      lastRecorded = performance.now();
      return lost;
    };
    while (active.length > 0) {
      active = active.filter((run) => {
        if (!deps.lostLeases.has(run.claim.id)) return true;
        summary.lost++;
        return false;
      });
      if (active.length === 0) break;
      if (deps.shouldStop()) {
        const lost = await record();
        const rest = active.filter((r) => !lost.has(r.claim.id)).map((r) => r.claim.id);
        summary.released += await releaseRuns(deps.db, { workerId: deps.workerId, runIds: rest, now: deps.clock.now() });
        break;
      }
      const wave = await executeWave(deps, active, pending);
      active = wave.continuing;
      if (careful || wave.permanent.length > 0 || active.length === 0 || performance.now() - lastRecorded >= CHECKPOINT_INTERVAL_MS) {
        const lost = await record();
        active = active.filter((r) => !lost.has(r.claim.id));
        for (const failure of wave.permanent) {
          if (!lost.has(failure.run.claim.id)) summary.failed += (await failPermanently(deps, failure)) ? 1 : 0;
        }
      }
    }
    await record();
  } finally {
    for (const c of claimed) deps.held.delete(c.id);
  }
  return summary;
}

/** Records the pending outcomes in one transaction and clears them; returns the runs whose lease was lost. */
async function recordPending(deps: ExecutorDeps, pending: PendingOutcomes, summary: ExecutionSummary): Promise<Set<string>> {
  const { successes, retries, effects } = pending;
  if (successes.length === 0 && retries.length === 0) return new Set();
  pending.successes = [];
  pending.retries = [];
  pending.effects = [];
  const now = deps.clock.now();
  const links = effects.flatMap((e) => e.links);
  let conflicts = 0;
  const { held, completed } = await deps.db
    .transaction()
    .execute(async (trx) => {
      const recorded = await recordStepResults(trx, { workerId: deps.workerId, now, successes, retries });
      await resolveExceptionsOfCompletedRuns(trx, recorded.completed, now);
      // A step's links and outcome events commit with its checkpoint, for the runs this worker still holds.
      const kept = effects.filter((e) => recorded.held.has(e.runId));
      conflicts = await deps.identity.store(trx, kept.flatMap((e) => e.links), now);
      const events = kept.flatMap((e) => e.events);
      if (events.length > 0) await deps.outcomes!.append(trx, events);
      return recorded;
    })
    .finally(() => deps.identity.forget(links));
  if (conflicts > 0) deps.logger.error({ conflicts }, 'identity links lost a race to other links: xref_conflict exceptions opened');
  summary.completed += completed.length;
  summary.retrying += retries.filter((r) => held.has(r.runId)).length;
  const lost = new Set([...successes, ...retries].map((s) => s.runId).filter((id) => !held.has(id)));
  summary.lost += lost.size;
  return lost;
}

interface PermanentFailureOf {
  run: ActiveRun;
  error: unknown;
  reason: 'non_retryable' | 'attempts_exhausted';
  category?: string;
  /** Attempts to record; default the run's failed attempts plus this one. */
  attempts?: number;
}

/**
 * Runs one step of every active run; successes and retries join `pending`. Returns the runs that go
 * on to their next step (in memory; not yet recorded) and the runs that failed permanently.
 */
async function executeWave(deps: ExecutorDeps, active: ActiveRun[], pending: PendingOutcomes): Promise<{ continuing: ActiveRun[]; permanent: PermanentFailureOf[] }> {
  const outcomes = new Map<string, Outcome>();
  const effects = new Map<string, StepEffects>();
  const tasks: Array<() => Promise<void>> = [];
  const groups = new Map<string, ActiveRun[]>();
  for (const run of active) {
    const step = run.flow.steps[run.stepIndex]!;
    // A run whose every step is checkpointed (nothing left to invoke) just completes.
    if (run.outputs.has(step.id)) {
      outcomes.set(run.claim.id, { ok: true, output: run.outputs.get(step.id) });
      continue;
    }
    const key = `${run.flow.id}\u0000${step.id}`;
    const group = groups.get(key);
    if (group) group.push(run);
    else groups.set(key, [run]);
  }
  for (const runs of groups.values()) {
    const step = runs[0]!.flow.steps[runs[0]!.stepIndex]!;
    if (step.kind === 'single') {
      for (const run of runs) {
        tasks.push(async () => {
          outcomes.set(run.claim.id, await invokeSingle(step, run, deps, effects));
        });
      }
    } else {
      for (let i = 0; i < runs.length; i += step.maxBatch) {
        const chunk = runs.slice(i, i + step.maxBatch);
        tasks.push(async () => {
          const results = await invokeBatch(step, chunk, deps, effects);
          chunk.forEach((run, index) => outcomes.set(run.claim.id, results[index]!));
        });
      }
    }
  }
  await runWithConcurrency(tasks, deps.concurrency);
  await failConflictingLinks(deps, outcomes, effects);

  const now = deps.clock.now();
  const continuing: ActiveRun[] = [];
  const permanent: PermanentFailureOf[] = [];
  for (const run of active) {
    const outcome = outcomes.get(run.claim.id);
    if (!outcome) continue;
    const step = run.flow.steps[run.stepIndex]!;
    if (outcome.ok) {
      const next = run.flow.steps[run.stepIndex + 1];
      const output = outcome.output ?? null;
      const done = effects.get(run.claim.id);
      if (done && (done.links.length > 0 || done.events.length > 0)) pending.effects.push({ runId: run.claim.id, ...done });
      pending.successes.push({ runId: run.claim.id, stepId: step.id, inputVersion: run.claim.inputVersion, output, nextStepId: next?.id ?? null });
      if (next) {
        run.outputs.set(step.id, output);
        run.stepIndex++;
        run.attempt = 0;
        continuing.push(run);
      }
      continue;
    }
    // A failed step's links are not stored; the records they name exist and are found again by external id.
    deps.identity.forget(effects.get(run.claim.id)?.links ?? []);
    const failedAttempts = run.attempt + 1;
    const decision = decideAfterFailure(step.retry, outcome.error, failedAttempts, now);
    // The error's code and kind only: the vendor's words (rates, names, amounts) stay in the run's last_error / the exception.
    if (decision.kind === 'retry' && !decision.counted) deps.logger.debug({ runId: run.claim.id, flowId: run.flow.id, stepId: step.id, until: decision.at.toISOString(), error: loggableError(outcome.error) }, 'step waits');
    else deps.logger.warn({ runId: run.claim.id, flowId: run.flow.id, stepId: step.id, attempt: failedAttempts, error: loggableError(outcome.error) }, 'step failed');
    if (decision.kind === 'retry') {
      // A wait (WaitError) keeps the attempts as they were: only failures spend them.
      const attempt = decision.counted ? failedAttempts : run.attempt;
      pending.retries.push({ runId: run.claim.id, stepId: step.id, inputVersion: run.claim.inputVersion, attempt, nextAttemptAt: decision.at, error: serializeError(outcome.error) });
    } else {
      permanent.push({ run, error: outcome.error, reason: decision.reason });
    }
  }
  return { continuing, permanent };
}

/**
 * Checks the links of the wave's succeeded steps against the store at once; a step whose link
 * conflicts fails with `xref_conflict` (non-retryable) instead of being checkpointed.
 */
async function failConflictingLinks(deps: ExecutorDeps, outcomes: Map<string, Outcome>, effects: Map<string, StepEffects>): Promise<void> {
  const linked = [...effects].filter(([runId, e]) => e.links.length > 0 && outcomes.get(runId)?.ok);
  if (linked.length === 0) return;
  const problems = await deps.identity.verify(linked.flatMap(([, e]) => e.links));
  if (problems.size === 0) return;
  for (const [runId, e] of linked) {
    const problem = e.links.map((link) => problems.get(link)).find((p) => p !== undefined);
    if (problem) outcomes.set(runId, { ok: false, error: new NonRetryableError(problem, { kind: 'xref_conflict', connection: e.links[0]!.record.connection }) });
  }
}

function workerLostError(stepId: string, attempts: number): Error {
  const error = new Error(`step ${stepId}: ${attempts} workers lost their lease on this run without recording an outcome (crash, out of memory or hang)`);
  error.name = 'WorkerLostError';
  return error;
}

/** A run whose input cannot be loaded fails alone, with an exception; the rest of its batch goes on. */
async function failWithoutInput(deps: ExecutorDeps, claim: ClaimedRun, flow: FlowDefinition, reason: string): Promise<boolean> {
  const stepId = claim.currentStep ?? flow.steps[0]!.id;
  const exceptionId = await deps.db.transaction().execute((trx) =>
    recordPermanentFailure(trx, {
      workerId: deps.workerId,
      now: deps.clock.now(),
      failure: {
        runId: claim.id,
        flowId: flow.id,
        stepId,
        inputVersion: claim.inputVersion,
        attempt: claim.attempt,
        error: { name: 'InputUnavailableError', message: `run ${claim.id}: ${reason}` },
        category: 'input_unavailable',
        impact: undefined,
        ownerDomain: flow.ownerOf('input_unavailable'),
        slaMs: flow.slaMsOf('input_unavailable'),
        compensatedStepIds: [],
        fullyCompensated: false,
      },
    }),
  );
  deps.logger.error({ runId: claim.id, flowId: flow.id, exceptionId, reason }, 'run input unavailable');
  return exceptionId !== undefined;
}

/** The context of one step invocation; what it links and emits goes to `effects`. */
function contextFor(run: ActiveRun, step: FlowStep, deps: ExecutorDeps, attempt: number, effects: StepEffects): StepContext<CanonicalEvent, AnyStepKey> {
  return {
    runId: run.claim.id,
    flowId: run.flow.id,
    stepId: step.id,
    attempt,
    inputVersion: run.claim.inputVersion,
    input: run.input,
    output: <K extends AnyStepKey>(key: K) => {
      if (!run.outputs.has(key.id)) throw new Error(`step ${step.id} of flow ${run.flow.id} reads the output of ${key.id}, which has not run before it`);
      // The checkpoint holds what the step of this key returned (defineFlow checked the order).
      return run.outputs.get(key.id) as OutputOf<K>;
    },
    identity: deps.identity.forStep(effects.links, () => deps.clock.now()),
    emit: (...events) => {
      if (!deps.outcomes) throw new NonRetryableError(`step ${step.id} emits ${events.map((e) => e.type).join(', ')}, but this worker has no outcome sink`);
      for (const event of events) {
        const problem = deps.outcomes.problemOf(event);
        if (problem) throw new NonRetryableError(`step ${step.id} emits an invalid ${event.type} event: ${problem}`);
      }
      effects.events.push(...events);
    },
    idempotencyKey: (stepId = step.id) => stepIdempotencyKey(run.claim.id, stepId),
    clock: deps.clock,
    logger: deps.logger,
    signal: deps.stepSignal,
  };
}

/** Fresh effects for one invocation of a run's step, replacing those of an earlier invocation. */
function effectsOf(run: ActiveRun, effects: Map<string, StepEffects>): StepEffects {
  const fresh: StepEffects = { links: [], events: [] };
  effects.set(run.claim.id, fresh);
  return fresh;
}

async function invokeSingle(step: Extract<FlowStep, { kind: 'single' }>, run: ActiveRun, deps: ExecutorDeps, effects: Map<string, StepEffects>): Promise<Outcome> {
  try {
    return { ok: true, output: await step.invoke(run.input, contextFor(run, step, deps, run.attempt + 1, effectsOf(run, effects))) };
  } catch (error) {
    return { ok: false, error };
  }
}

async function invokeBatch(step: Extract<FlowStep, { kind: 'batch' }>, runs: ActiveRun[], deps: ExecutorDeps, effects: Map<string, StepEffects>): Promise<Outcome[]> {
  try {
    const results = await step.invokeBatch(runs.map((run) => ({ input: run.input, ctx: contextFor(run, step, deps, run.attempt + 1, effectsOf(run, effects)) })));
    if (!Array.isArray(results) || results.length !== runs.length) {
      throw new Error(`step ${step.id}: invokeBatch returned ${Array.isArray(results) ? results.length : 'no'} outcomes for ${runs.length} items`);
    }
    return results;
  } catch (error) {
    return runs.map(() => ({ ok: false, error }));
  }
}

/** Undoes completed steps in reverse when the flow asks for it, then ends the run with an exception. */
async function failPermanently(deps: ExecutorDeps, { run, error, reason, category: given, attempts }: PermanentFailureOf): Promise<boolean> {
  const step = run.flow.steps[run.stepIndex]!;
  const stored = serializeError(error);
  let category = given ?? (reason === 'non_retryable' ? (stored.kind ?? 'non_retryable') : 'retries_exhausted');
  const compensated: string[] = [];
  let fullyCompensated = false;
  if (run.flow.compensateOnFailure) {
    fullyCompensated = true;
    for (let j = run.stepIndex - 1; j >= 0; j--) {
      const done = run.flow.steps[j]!;
      if (!run.outputs.has(done.id) || !done.compensate) continue;
      try {
        // A compensation's links and events are not kept (the run ends failed): its links are forgotten.
        const undone: StepEffects = { links: [], events: [] };
        try {
          await done.compensate(run.outputs.get(done.id), contextFor(run, done, deps, 1, undone));
        } finally {
          deps.identity.forget(undone.links);
        }
        compensated.push(done.id);
      } catch (compensationError) {
        fullyCompensated = false;
        category = 'compensation_failed';
        stored.message += `; compensating ${done.id} failed: ${serializeError(compensationError).message}`;
        break;
      }
    }
  }
  let impact: SummedImpact | undefined;
  try {
    impact = sumImpact(run.flow.impact(run.input));
  } catch (impactError) {
    deps.logger.warn({ runId: run.claim.id, error: loggableError(impactError) }, 'impact could not be computed');
  }
  const exceptionId = await deps.db.transaction().execute((trx) =>
    recordPermanentFailure(trx, {
      workerId: deps.workerId,
      now: deps.clock.now(),
      failure: {
        runId: run.claim.id,
        flowId: run.flow.id,
        stepId: step.id,
        inputVersion: run.claim.inputVersion,
        attempt: attempts ?? run.attempt + 1,
        error: stored,
        category,
        impact,
        // The step's owner is for its own error; a failed compensation is the flow's (category) concern.
        ownerDomain: run.flow.ownerOf(category, category === 'compensation_failed' ? undefined : stored.ownerDomain),
        slaMs: run.flow.slaMsOf(category),
        compensatedStepIds: compensated,
        fullyCompensated,
      },
    }),
  );
  // The exception (exceptionId) holds the vendor's message; the log line names the error by its code.
  deps.logger.error({ runId: run.claim.id, flowId: run.flow.id, stepId: step.id, exceptionId, category, error: loggableError(error) }, 'run failed permanently');
  return exceptionId !== undefined;
}
