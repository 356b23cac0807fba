import { sql, type Kysely } from 'kysely';

/**
 * Fewer index entries per ingested event (each one is paid on every insert):
 * - drops (type, position): no query reads events by type alone; the type-filtered lookups
 *   (Certinia approved-before, time-to-ledger latest versions) select by subject first and use the
 *   subject index;
 * - narrows (correlation_id, position) to events whose correlation differs from their own id. A root
 *   event is its own correlation (the default), so it is found by its id; a lineage query reads
 *   `id = $1 or (correlation_id = $1 and correlation_id <> id)` and uses both indexes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists tl_event_type_idx`.execute(db);
  await sql`drop index if exists tl_event_correlation_idx`.execute(db);
  await sql`create index tl_event_correlation_idx on tl_event (correlation_id, position) where correlation_id <> id`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists tl_event_correlation_idx`.execute(db);
  await db.schema.createIndex('tl_event_correlation_idx').on('tl_event').columns(['correlation_id', 'position']).execute();
  await db.schema.createIndex('tl_event_type_idx').on('tl_event').columns(['type', 'position']).execute();
}
