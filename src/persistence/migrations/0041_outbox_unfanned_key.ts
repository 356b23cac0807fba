import { sql, type Kysely } from 'kysely';

/** Lets a claim check "an earlier message of this key is not fanned out yet" without a scan. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index tl_outbox_unfanned_key_idx on tl_outbox_message (key, id) where not fanned_out`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists tl_outbox_unfanned_key_idx`.execute(db);
}
