import { sql, type Kysely } from 'kysely';

/**
 * Lets time-to-ledger find the approved time of a worker's day (the 24-hour check) without a scan:
 * one entry per time event, keyed by the worker's PSA record id and the work date.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index tl_event_time_worker_day_idx on tl_event ((data->'workerRef'->'refs'->0->>'id'), (data->>'workDate'))
            where type in ('time.approved', 'time.rejected')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists tl_event_time_worker_day_idx`.execute(db);
}
