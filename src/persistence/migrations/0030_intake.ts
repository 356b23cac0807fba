import type { Kysely } from 'kysely';

/** Webhook receipts (replay protection, written with the ingest) and poller checkpoints (saved with each page's ingest). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tl_webhook_receipt')
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('webhook_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('events', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('tl_webhook_receipt_pk', ['connection_id', 'webhook_id'])
    .execute();
  await db.schema
    .createTable('tl_poll_checkpoint')
    .addColumn('poller_id', 'text', (c) => c.primaryKey())
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('checkpoint', 'text', (c) => c.notNull())
    .addColumn('pages', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('tl_poll_checkpoint').execute();
  await db.schema.dropTable('tl_webhook_receipt').execute();
}
