import { sql, type Kysely } from 'kysely';

/**
 * Lets the outbox prune find delivered rows oldest first without a scan: one entry per delivery
 * that reached `delivered` (partial, so pending and dead rows carry none), removed with the row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index tl_outbox_delivered_idx on tl_outbox_delivery (delivered_at, message_id) where status = 'delivered'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists tl_outbox_delivered_idx`.execute(db);
}
