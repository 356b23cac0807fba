import { sql, type Transaction } from 'kysely';
import { monotonicFactory } from 'ulid';
import type { Database } from '../../persistence/schema.js';
import type { OwnerDomain } from '../../persistence/tables/runtime.js';
import type { StoredError } from '../retry/serialize-error.js';
import type { SummedImpact } from './sum-impact.js';

const nextUlid = monotonicFactory();

/** A run that cannot proceed: what failed, why, what it is worth and who owns it. */
export interface PermanentFailure {
  runId: string;
  flowId: string;
  stepId: string;
  inputVersion: number;
  attempt: number;
  error: StoredError;
  category: string;
  impact: SummedImpact | undefined;
  ownerDomain: OwnerDomain;
  slaMs: number;
  /** Steps whose compensation ran: their outputs leave the checkpoints for the archive ('compensated'). */
  compensatedStepIds: readonly string[];
  /** True when every completed step was undone: the run ends `compensated`, else `failed`. */
  fullyCompensated: boolean;
}

/**
 * Ends a run as failed / compensated and opens (or reopens) its exception, in the caller's
 * transaction. Fenced by the lease; returns the exception id, or undefined if the lease was lost.
 */
export async function recordPermanentFailure(
  trx: Transaction<Database>,
  options: { workerId: string; now: Date; failure: PermanentFailure },
): Promise<string | undefined> {
  const { failure, now } = options;
  const at = now.toISOString();
  const status = failure.fullyCompensated ? 'compensated' : 'failed';
  const compensated = [...failure.compensatedStepIds];
  // The FROM row is read before the update: `before` is the run's checkpoints as they were.
  const ended = await sql<{ id: string; before: Record<string, unknown> }>`
    update tl_flow_run r
       set status = ${status}, current_step = ${failure.stepId}, attempt = ${failure.attempt},
           last_error = ${JSON.stringify(failure.error)}::jsonb, lease_owner = null, lease_expires_at = null,
           step_outputs = r.step_outputs - ${compensated}::text[],
           finished_at = ${at}::timestamptz, updated_at = ${at}::timestamptz
      from (select id, step_outputs from tl_flow_run where id = ${failure.runId}) b
     where r.id = b.id and r.lease_owner = ${options.workerId} and r.status = 'running'
    returning r.id, b.step_outputs as before`.execute(trx);
  const endedRun = ended.rows[0];
  if (!endedRun) return undefined;
  const archived = compensated.filter((stepId) => stepId in endedRun.before);
  if (archived.length > 0) {
    await trx
      .insertInto('tl_step_output_archive')
      .values(
        archived.map((stepId) => ({
          run_id: failure.runId,
          input_version: failure.inputVersion,
          step_id: stepId,
          output: JSON.stringify(endedRun.before[stepId] ?? null),
          reason: 'compensated' as const,
          archived_at: at,
        })),
      )
      .execute();
  }
  const others = failure.impact?.others.length ? ` [other impact: ${failure.impact.others.join(', ')}]` : '';
  const fields = {
    step_id: failure.stepId,
    category: failure.category,
    message: failure.error.message + others,
    vendor_code: failure.error.vendorCode ?? null,
    impact_amount: failure.impact?.amount ?? null,
    impact_currency: failure.impact?.currency ?? null,
    owner_domain: failure.ownerDomain,
    updated_at: at,
  };
  const reopened = await trx
    .updateTable('tl_run_exception')
    .set({ ...fields, status: 'open' })
    .where('run_id', '=', failure.runId)
    .where('status', '<>', 'resolved')
    .returning('id')
    .executeTakeFirst();
  if (reopened) return reopened.id;
  const id = `tl_exc_${nextUlid()}`;
  await trx
    .insertInto('tl_run_exception')
    .values({
      ...fields,
      id,
      run_id: failure.runId,
      flow_id: failure.flowId,
      sla_due_at: new Date(now.getTime() + failure.slaMs).toISOString(),
      opened_at: at,
      status: 'open',
      resolution_note: null,
      resolved_by: null,
      resolved_at: null,
    })
    .execute();
  return id;
}
