import { sql, type Kysely } from 'kysely';

/** Transactional outbox: messages, per-(message, sink) deliveries, and per-sink claim locks. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tl_outbox_message')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('headers', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('fanned_out', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await sql`create index tl_outbox_unfanned_idx on tl_outbox_message (id) where not fanned_out`.execute(db);
  await db.schema
    .createTable('tl_outbox_delivery')
    .addColumn('message_id', 'bigint', (c) => c.notNull().references('tl_outbox_message.id').onDelete('cascade'))
    .addColumn('sink', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'delivered', 'dead')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
    .addColumn('claimed_until', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', 'timestamptz')
    .addPrimaryKeyConstraint('tl_outbox_delivery_pk', ['message_id', 'sink'])
    .execute();
  await sql`create index tl_outbox_pending_idx on tl_outbox_delivery (sink, message_id) where status = 'pending'`.execute(db);
  await sql`create index tl_outbox_pending_key_idx on tl_outbox_delivery (sink, key, message_id) where status = 'pending'`.execute(db);
  await db.schema.createTable('tl_outbox_sink').addColumn('sink', 'text', (c) => c.primaryKey()).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('tl_outbox_sink').execute();
  await db.schema.dropTable('tl_outbox_delivery').execute();
  await db.schema.dropTable('tl_outbox_message').execute();
}
