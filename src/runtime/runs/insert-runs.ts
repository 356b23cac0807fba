import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../persistence/schema.js';

/** A run to create for an accepted event. */
export interface NewRun {
  id: string;
  flowId: string;
  eventId: string;
  /** The event's log position. */
  seq: number;
  orderingKey: string;
  priority: number;
  failureBlocksKey: boolean;
}

/**
 * Creates runs in one multi-row statement (`unnest`). Returns how many were created. Call it inside
 * the transaction that appended the events, for events that transaction appended: no run of them can
 * exist yet, so this is a plain insert. Run ids are derived from (flow, event position)
 * (`runIdFor`), so a second run for an (event, flow) pair is a bug that fails the transaction on the
 * primary key instead of passing silently. (`on conflict do nothing` would also cost a speculative
 * insertion and an extra index probe per run.)
 */
export async function insertRuns(db: Kysely<Database> | Transaction<Database>, runs: ReadonlyArray<NewRun>, now: Date): Promise<number> {
  if (runs.length === 0) return 0;
  const at = now.toISOString();
  const result = await sql`
    insert into tl_flow_run
      (id, flow_id, event_id, seq, ordering_key, priority, failure_blocks_key, status, attempt, next_attempt_at, input_version, created_at, updated_at)
    select t.id, t.flow_id, t.event_id, t.seq, t.ordering_key, t.priority, t.failure_blocks_key, 'pending', 0, ${at}::timestamptz, 1,
           ${at}::timestamptz, ${at}::timestamptz
    from unnest(${runs.map((r) => r.id)}::text[], ${runs.map((r) => r.flowId)}::text[], ${runs.map((r) => r.eventId)}::text[],
                ${runs.map((r) => r.seq)}::bigint[], ${runs.map((r) => r.orderingKey)}::text[], ${runs.map((r) => r.priority)}::int[],
                ${runs.map((r) => r.failureBlocksKey)}::boolean[])
         as t(id, flow_id, event_id, seq, ordering_key, priority, failure_blocks_key)`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
