import { sql, type Kysely } from 'kysely';

/**
 * Claims that rewrite no index entry (see docs/decisions/0014-run-storage-for-throughput.md).
 *
 * The claim and key indexes of `tl_flow_run` were partial on `status`, so every status change —
 * pending -> running at claim, running -> retry_wait — was a non-HOT update that wrote a new entry in
 * every index of the row. They are now partial on two generated columns whose values do not change
 * between the live states:
 * - `live`: pending, retry_wait or running — what the claim scans;
 * - `holds_key`: live, or failed when the flow says a failure holds the key — what the per-key blocker
 *   probe reads.
 * A claim changes only unindexed columns, so PostgreSQL can update the row in place on its page (HOT);
 * `fillfactor` keeps room on each page for those new row versions. A run leaving the live states still
 * updates its index entries, once.
 *
 * Also: the (flow_id, event_id) unique constraint becomes (event_id, flow_id), which serves lookups of
 * an event's runs, so the separate event_id index goes (one index entry fewer per row version).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table tl_flow_run set (fillfactor = 50)`.execute(db);
  await sql`alter table tl_flow_run
              add column live boolean generated always as (status in ('pending', 'retry_wait', 'running')) stored`.execute(db);
  await sql`alter table tl_flow_run
              add column holds_key boolean generated always as
                (status in ('pending', 'retry_wait', 'running') or (status = 'failed' and failure_blocks_key)) stored`.execute(db);
  await sql`drop index tl_flow_run_claim_idx`.execute(db);
  await sql`create index tl_flow_run_claim_idx on tl_flow_run (priority desc, seq) where live`.execute(db);
  await sql`drop index tl_flow_run_key_idx`.execute(db);
  await sql`create index tl_flow_run_key_idx on tl_flow_run (flow_id, ordering_key, seq) where holds_key`.execute(db);
  await sql`alter table tl_flow_run add constraint tl_flow_run_event_flow_uq unique (event_id, flow_id)`.execute(db);
  await sql`alter table tl_flow_run drop constraint tl_flow_run_flow_event_uq`.execute(db);
  await sql`drop index tl_flow_run_event_idx`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index tl_flow_run_event_idx on tl_flow_run (event_id)`.execute(db);
  await sql`alter table tl_flow_run add constraint tl_flow_run_flow_event_uq unique (flow_id, event_id)`.execute(db);
  await sql`alter table tl_flow_run drop constraint tl_flow_run_event_flow_uq`.execute(db);
  await sql`drop index tl_flow_run_key_idx`.execute(db);
  await sql`create index tl_flow_run_key_idx on tl_flow_run (flow_id, ordering_key, seq)
              where status in ('pending','retry_wait','running','failed')`.execute(db);
  await sql`drop index tl_flow_run_claim_idx`.execute(db);
  await sql`create index tl_flow_run_claim_idx on tl_flow_run (priority desc, seq)
              where status in ('pending','retry_wait','running')`.execute(db);
  await sql`alter table tl_flow_run drop column holds_key`.execute(db);
  await sql`alter table tl_flow_run drop column live`.execute(db);
  await sql`alter table tl_flow_run reset (fillfactor)`.execute(db);
}
