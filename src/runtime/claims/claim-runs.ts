import { sql, type Kysely } from 'kysely';
import type { Database } from '../../persistence/schema.js';
import type { RunStatus } from '../../persistence/tables/runtime.js';

/** A run this worker now holds under lease. */
export interface ClaimedRun {
  id: string;
  flowId: string;
  eventId: string;
  seq: number;
  orderingKey: string;
  status: RunStatus;
  currentStep: string | null;
  attempt: number;
  priority: number;
  inputVersion: number;
  leaseExpiresAt: Date;
}

/**
 * Claims up to `limit` runnable runs in one statement (`FOR UPDATE SKIP LOCKED`, so concurrent
 * workers never take the same run) and leases them to `workerId` until `now + leaseMs`.
 *
 * Runnable: pending or retry_wait whose `next_attempt_at` has come, or running with an expired lease
 * (its worker died). Per-key order: a run is runnable only when no earlier run (smaller seq) of the
 * same flow and ordering key is still live — pending, retry_wait, running, or failed when its flow
 * says a failure holds the key. Higher priority first, then event order.
 */
export async function claimRuns(
  db: Kysely<Database>,
  options: { workerId: string; limit: number; now: Date; leaseMs: number; flowIds?: readonly string[] | undefined },
): Promise<ClaimedRun[]> {
  const now = options.now.toISOString();
  const leaseUntil = new Date(options.now.getTime() + options.leaseMs).toISOString();
  const flowFilter = options.flowIds ? sql`and flow_id = any(${[...options.flowIds]}::text[])` : sql``;
  const result = await sql<{
    id: string; flow_id: string; event_id: string; seq: number; ordering_key: string; status: RunStatus;
    current_step: string | null; attempt: number; priority: number; input_version: number; lease_expires_at: Date;
  }>`
    with heads as (
      -- The earliest live run of each (flow, key): only it may run. DISTINCT ON over the key index is
      -- linear in live runs whatever the statistics say (a per-row NOT EXISTS probe can go quadratic).
      select distinct on (flow_id, ordering_key) id, status, next_attempt_at, lease_expires_at
        from tl_flow_run
       where (status in ('pending', 'retry_wait', 'running') or (status = 'failed' and failure_blocks_key))
         ${flowFilter}
       order by flow_id, ordering_key, seq
    ), candidates as (
      select r.id from tl_flow_run r
       where r.id in (select h.id from heads h
                       where (h.status in ('pending', 'retry_wait') and h.next_attempt_at <= ${now}::timestamptz)
                          or (h.status = 'running' and h.lease_expires_at <= ${now}::timestamptz))
         -- repeated on r so a row changed by a concurrent claim is re-checked after its lock
         and case when r.status = 'running' then r.lease_expires_at <= ${now}::timestamptz
                  when r.status in ('pending', 'retry_wait') then r.next_attempt_at <= ${now}::timestamptz
                  else false end
       order by r.priority desc, r.seq
       limit ${options.limit}
       for update of r skip locked
    )
    update tl_flow_run r
       set status = 'running', lease_owner = ${options.workerId}, lease_expires_at = ${leaseUntil}::timestamptz,
           updated_at = ${now}::timestamptz
      from candidates c
     where r.id = c.id
    returning r.id, r.flow_id, r.event_id, r.seq, r.ordering_key, r.status, r.current_step, r.attempt, r.priority,
              r.input_version, r.lease_expires_at`.execute(db);
  return result.rows
    .map((r) => ({
      id: r.id,
      flowId: r.flow_id,
      eventId: r.event_id,
      seq: Number(r.seq),
      orderingKey: r.ordering_key,
      status: r.status,
      currentStep: r.current_step,
      attempt: r.attempt,
      priority: r.priority,
      inputVersion: r.input_version,
      leaseExpiresAt: new Date(r.lease_expires_at),
    }))
    .sort((a, b) => b.priority - a.priority || a.seq - b.seq);
}
