import { sql, type Transaction } from 'kysely';
import type { Database } from '../../persistence/schema.js';
import type { StoredError } from '../retry/serialize-error.js';

/** A step that completed: checkpoint its output and move the run on (or finish it). */
export interface StepSuccess {
  runId: string;
  stepId: string;
  inputVersion: number;
  output: unknown;
  /** The next step's id, or null when this was the last step. */
  nextStepId: string | null;
}

/** A step that failed and will be tried again at `nextAttemptAt`. */
export interface StepRetry {
  runId: string;
  stepId: string;
  /** Failed attempts of this step so far, this one included. */
  attempt: number;
  nextAttemptAt: Date;
  error: StoredError;
}

/**
 * Records step outcomes in the caller's short transaction with a few multi-row statements. A run may
 * have several successes (steps executed back-to-back) and at most one retry, its last outcome: the
 * run row moves to the state after its last outcome; every success is checkpointed. Fenced by the
 * lease: rows this worker no longer holds are left alone, and their ids are missing from the
 * returned set. Returns the ids of runs that completed, too.
 */
export async function recordStepResults(
  trx: Transaction<Database>,
  options: { workerId: string; now: Date; successes: readonly StepSuccess[]; retries: readonly StepRetry[] },
): Promise<{ held: Set<string>; completed: string[] }> {
  const now = options.now.toISOString();
  const held = new Set<string>();
  const completed: string[] = [];
  const { successes, retries } = options;
  const retrying = new Set(retries.map((r) => r.runId));
  const lastSuccess = new Map<string, StepSuccess>();
  for (const s of successes) if (!retrying.has(s.runId)) lastSuccess.set(s.runId, s);
  const moves = [...lastSuccess.values()];
  if (moves.length > 0) {
    const moved = await sql<{ id: string; status: string }>`
      update tl_flow_run r
         set current_step = t.next_step,
             attempt = 0,
             last_error = null,
             status = case when t.next_step is null then 'completed' else 'running' end,
             finished_at = case when t.next_step is null then ${now}::timestamptz else null end,
             lease_owner = case when t.next_step is null then null else r.lease_owner end,
             lease_expires_at = case when t.next_step is null then null else r.lease_expires_at end,
             updated_at = ${now}::timestamptz
        from unnest(${moves.map((s) => s.runId)}::text[], ${moves.map((s) => s.nextStepId)}::text[]) as t(id, next_step)
       where r.id = t.id and r.lease_owner = ${options.workerId} and r.status = 'running'
      returning r.id, r.status`.execute(trx);
    for (const row of moved.rows) {
      held.add(row.id);
      if (row.status === 'completed') completed.push(row.id);
    }
  }
  if (retries.length > 0) {
    const waiting = await sql<{ id: string }>`
      update tl_flow_run r
         set status = 'retry_wait', current_step = t.step_id, attempt = t.attempt, next_attempt_at = t.next_at,
             last_error = t.error::jsonb, lease_owner = null, lease_expires_at = null, updated_at = ${now}::timestamptz
        from unnest(${retries.map((r) => r.runId)}::text[], ${retries.map((r) => r.stepId)}::text[],
                    ${retries.map((r) => r.attempt)}::int[], ${retries.map((r) => r.nextAttemptAt.toISOString())}::timestamptz[],
                    ${retries.map((r) => JSON.stringify(r.error))}::text[]) as t(id, step_id, attempt, next_at, error)
       where r.id = t.id and r.lease_owner = ${options.workerId} and r.status = 'running'
      returning r.id`.execute(trx);
    for (const row of waiting.rows) held.add(row.id);
  }
  const kept = successes.filter((s) => held.has(s.runId));
  if (kept.length > 0) {
    await sql`
      insert into tl_step_checkpoint (run_id, step_id, input_version, output, completed_at)
      select t.run_id, t.step_id, t.input_version, t.output::jsonb, ${now}::timestamptz
        from unnest(${kept.map((s) => s.runId)}::text[], ${kept.map((s) => s.stepId)}::text[],
                    ${kept.map((s) => s.inputVersion)}::int[], ${kept.map((s) => JSON.stringify(s.output ?? null))}::text[])
             as t(run_id, step_id, input_version, output)
      on conflict (run_id, input_version, step_id) do update
         set output = excluded.output, completed_at = excluded.completed_at, compensated_at = null
       where tl_step_checkpoint.compensated_at is not null`.execute(trx);
  }
  return { held, completed };
}
