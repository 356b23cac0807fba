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
import { stepIdempotencyKey, type StepContext } from '../flows/step-context.js';
import { decideAfterFailure } from '../retry/retry-policy.js';
import { serializeError } from '../retry/serialize-error.js';
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

/**
 * Executes claimed runs in waves: every run advances one step per wave; runs at the same batch step
 * share `invokeBatch` calls; single steps run with bounded concurrency. Each wave's outcomes are
 * recorded in one short transaction (checkpoints + run updates as multi-row statements), so a crash
 * loses at most the wave in flight, whose steps are idempotent and run again on resume.
 */
export async function executeClaimedRuns(deps: ExecutorDeps, claimed: readonly ClaimedRun[]): Promise<ExecutionSummary> {
  const summary: ExecutionSummary = { completed: 0, retrying: 0, failed: 0, released: 0, lost: 0 };
  if (claimed.length === 0) return summary;
  for (const c of claimed) deps.held.add(c.id);
  const states = await loadRunInputs(deps.db, claimed);
  let active: ActiveRun[] = [];
  for (const claim of claimed) {
    const flow = deps.flows.get(claim.flowId);
    const state = states.get(claim.id);
    if (!flow || !state) continue;
    const firstOpen = flow.steps.findIndex((s) => !state.outputs.has(s.id));
    const stepIndex = firstOpen === -1 ? flow.steps.length - 1 : firstOpen;
    const attempt = claim.currentStep === flow.steps[stepIndex]!.id ? claim.attempt : 0;
    active.push({ claim, flow, input: state.input, outputs: state.outputs, stepIndex, attempt });
  }

  try {
    while (active.length > 0) {
      active = active.filter((run) => {
        if (!deps.lostLeases.has(run.claim.id)) return true;
        summary.lost++;
        return false;
      });
      if (active.length === 0) break;
      if (deps.shouldStop()) {
        summary.released += await releaseRuns(deps.db, { workerId: deps.workerId, runIds: active.map((r) => r.claim.id), now: deps.clock.now() });
        break;
      }
      active = await executeWave(deps, active, summary);
    }
  } finally {
    for (const c of claimed) deps.held.delete(c.id);
  }
  return summary;
}

async function executeWave(deps: ExecutorDeps, active: ActiveRun[], summary: ExecutionSummary): Promise<ActiveRun[]> {
  const outcomes = new Map<string, Outcome>();
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
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  for (const runs of groups.values()) {
    const step = runs[0]!.flow.steps[runs[0]!.stepIndex]!;
    if (step.kind === 'single') {
      for (const run of runs) {
        tasks.push(async () => {
          outcomes.set(run.claim.id, await invokeSingle(step, run, deps));
        });
      }
    } else {
      for (let i = 0; i < runs.length; i += step.maxBatch) {
        const chunk = runs.slice(i, i + step.maxBatch);
        tasks.push(async () => {
          const results = await invokeBatch(step, chunk, deps);
          chunk.forEach((run, index) => outcomes.set(run.claim.id, results[index]!));
        });
      }
    }
  }
  await runWithConcurrency(tasks, deps.concurrency);

  const now = deps.clock.now();
  const successes: StepSuccess[] = [];
  const retries: StepRetry[] = [];
  const permanent: Array<{ run: ActiveRun; error: unknown; reason: 'non_retryable' | 'attempts_exhausted' }> = [];
  for (const run of active) {
    const outcome = outcomes.get(run.claim.id);
    if (!outcome) continue;
    const step = run.flow.steps[run.stepIndex]!;
    if (outcome.ok) {
      const next = run.flow.steps[run.stepIndex + 1];
      successes.push({ runId: run.claim.id, stepId: step.id, inputVersion: run.claim.inputVersion, output: outcome.output ?? null, nextStepId: next?.id ?? null });
      continue;
    }
    const failedAttempts = run.attempt + 1;
    const decision = decideAfterFailure(step.retry, outcome.error, failedAttempts, now);
    deps.logger.warn({ runId: run.claim.id, flowId: run.flow.id, stepId: step.id, attempt: failedAttempts, error: serializeError(outcome.error) }, 'step failed');
    if (decision.kind === 'retry') {
      retries.push({ runId: run.claim.id, stepId: step.id, attempt: failedAttempts, nextAttemptAt: decision.at, error: serializeError(outcome.error) });
    } else {
      permanent.push({ run, error: outcome.error, reason: decision.reason });
    }
  }

  const { held, completed } = await deps.db.transaction().execute(async (trx) => {
    const recorded = await recordStepResults(trx, { workerId: deps.workerId, now, successes, retries });
    await resolveExceptionsOfCompletedRuns(trx, recorded.completed, now);
    return recorded;
  });
  summary.completed += completed.length;
  summary.retrying += retries.filter((r) => held.has(r.runId)).length;
  summary.lost += [...successes, ...retries].filter((s) => !held.has(s.runId)).length;

  for (const { run, error, reason } of permanent) {
    summary.failed += (await failPermanently(deps, run, error, reason)) ? 1 : 0;
  }

  const completedIds = new Set(completed);
  const byId = new Map(active.map((r) => [r.claim.id, r]));
  const continuing: ActiveRun[] = [];
  for (const success of successes) {
    if (!held.has(success.runId) || completedIds.has(success.runId)) continue;
    const run = byId.get(success.runId)!;
    run.outputs.set(success.stepId, success.output);
    run.stepIndex++;
    run.attempt = 0;
    continuing.push(run);
  }
  return continuing;
}

function contextFor(run: ActiveRun, step: FlowStep, deps: ExecutorDeps, attempt: number): StepContext {
  return {
    runId: run.claim.id,
    flowId: run.flow.id,
    stepId: step.id,
    attempt,
    inputVersion: run.claim.inputVersion,
    input: run.input,
    outputs: Object.fromEntries(run.outputs),
    idempotencyKey: (stepId = step.id) => stepIdempotencyKey(run.claim.id, stepId),
    clock: deps.clock,
    logger: deps.logger,
    signal: deps.stepSignal,
  };
}

async function invokeSingle(step: Extract<FlowStep, { kind: 'single' }>, run: ActiveRun, deps: ExecutorDeps): Promise<Outcome> {
  try {
    return { ok: true, output: await step.invoke(run.input, contextFor(run, step, deps, run.attempt + 1)) };
  } catch (error) {
    return { ok: false, error };
  }
}

async function invokeBatch(step: Extract<FlowStep, { kind: 'batch' }>, runs: ActiveRun[], deps: ExecutorDeps): Promise<Outcome[]> {
  try {
    const results = await step.invokeBatch(runs.map((run) => ({ input: run.input, ctx: contextFor(run, step, deps, run.attempt + 1) })));
    if (!Array.isArray(results) || results.length !== runs.length) {
      throw new Error(`step ${step.id}: invokeBatch returned ${Array.isArray(results) ? results.length : 'no'} outcomes for ${runs.length} items`);
    }
    return results;
  } catch (error) {
    return runs.map(() => ({ ok: false, error }));
  }
}

/** Undoes completed steps in reverse when the flow asks for it, then ends the run with an exception. */
async function failPermanently(deps: ExecutorDeps, run: ActiveRun, error: unknown, reason: 'non_retryable' | 'attempts_exhausted'): Promise<boolean> {
  const step = run.flow.steps[run.stepIndex]!;
  const stored = serializeError(error);
  let category = reason === 'non_retryable' ? (stored.kind ?? 'non_retryable') : 'retries_exhausted';
  const compensated: string[] = [];
  let fullyCompensated = false;
  if (run.flow.compensateOnFailure) {
    fullyCompensated = true;
    for (let j = run.stepIndex - 1; j >= 0; j--) {
      const done = run.flow.steps[j]!;
      if (!run.outputs.has(done.id) || !done.compensate) continue;
      try {
        await done.compensate(run.outputs.get(done.id), contextFor(run, done, deps, 1));
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
    deps.logger.warn({ runId: run.claim.id, error: serializeError(impactError) }, 'impact could not be computed');
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
        attempt: run.attempt + 1,
        error: stored,
        category,
        impact,
        ownerDomain: run.flow.ownerDomain,
        slaMs: run.flow.exceptionSlaMs,
        compensatedStepIds: compensated,
        fullyCompensated,
      },
    }),
  );
  deps.logger.error({ runId: run.claim.id, flowId: run.flow.id, stepId: step.id, exceptionId, category }, 'run failed permanently');
  return exceptionId !== undefined;
}
