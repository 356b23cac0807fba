import { sql, type Kysely } from 'kysely';

/**
 * Run ids are now derived from (event log position, flow) — `runIdFor` — so the primary key keeps
 * runs unique per (event, flow) and the unique (event_id, flow_id) index is one index entry per run
 * insert and per completion for nothing (decision 0014: ~12 % of the server's CPU per run, measured).
 * Runs created before keep their random ids; they were unique when created and no run is ever
 * created again for an event already in the log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table tl_flow_run drop constraint tl_flow_run_event_flow_uq`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table tl_flow_run add constraint tl_flow_run_event_flow_uq unique (event_id, flow_id)`.execute(db);
}
