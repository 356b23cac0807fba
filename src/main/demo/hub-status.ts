import { sql } from 'kysely';
import type { ThroughlineDatabase } from '../../persistence/database.js';

/** Counts the progress display and the quiet check read. */
export interface HubStatus {
  events: number;
  runnable: number;
  completed: number;
  failed: number;
}

/** One round trip: events logged, runs still to run, completed and failed runs. */
export async function readHubStatus(store: Pick<ThroughlineDatabase, 'db'>): Promise<HubStatus> {
  const result = await sql<{ events: number; runnable: number; completed: number; failed: number }>`
    select (select count(*) from tl_event)::int as events,
           (select count(*) from tl_flow_run where status in ('pending', 'running', 'retry_wait'))::int as runnable,
           (select count(*) from tl_flow_run where status = 'completed')::int as completed,
           (select count(*) from tl_flow_run where status = 'failed')::int as failed`.execute(store.db);
  const row = result.rows[0]!;
  return { events: Number(row.events), runnable: Number(row.runnable), completed: Number(row.completed), failed: Number(row.failed) };
}

/** Open exceptions of a flow with the subject of the event each run was for. */
export async function openExceptions(store: Pick<ThroughlineDatabase, 'db'>, flowId: string) {
  return store.db
    .selectFrom('tl_run_exception')
    .innerJoin('tl_flow_run', 'tl_flow_run.id', 'tl_run_exception.run_id')
    .innerJoin('tl_event', 'tl_event.id', 'tl_flow_run.event_id')
    .select(['tl_run_exception.category', 'tl_run_exception.message', 'tl_event.subject', 'tl_run_exception.impact_amount', 'tl_run_exception.impact_currency'])
    .where('tl_run_exception.flow_id', '=', flowId)
    .where('tl_run_exception.status', '!=', 'resolved')
    .execute();
}
