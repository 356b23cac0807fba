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
  /** Steps whose compensation ran (their checkpoints are marked compensated). */
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
  const ended = await sql<{ id: string }>`
    update tl_flow_run
       set status = ${status}, current_step = ${failure.stepId}, attempt = ${failure.attempt},
           last_error = ${JSON.stringify(failure.error)}::jsonb, lease_owner = null, lease_expires_at = null,
           finished_at = ${at}::timestamptz, updated_at = ${at}::timestamptz
     where id = ${failure.runId} and lease_owner = ${options.workerId} and status = 'running'
    returning id`.execute(trx);
  if (ended.rows.length === 0) return undefined;
  if (failure.compensatedStepIds.length > 0) {
    await sql`update tl_step_checkpoint set compensated_at = ${at}::timestamptz
               where run_id = ${failure.runId} and input_version = ${failure.inputVersion}
                 and step_id = any(${[...failure.compensatedStepIds]}::text[])`.execute(trx);
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
