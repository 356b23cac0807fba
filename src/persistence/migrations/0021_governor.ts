import type { Kysely } from 'kysely';

/** Tables of the shared-mode endpoint governor (slots leased across processes). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tl_governor_endpoint')
    .addColumn('endpoint_id', 'text', (c) => c.primaryKey())
    .addColumn('max_concurrency', 'integer', (c) => c.notNull())
    .addColumn('min_concurrency', 'integer', (c) => c.notNull())
    .addColumn('current_limit', 'integer', (c) => c.notNull())
    .addColumn('streak', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('epoch', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ceiling', 'integer')
    .addColumn('ceiling_until', 'timestamptz')
    .addColumn('hold_until', 'timestamptz')
    .execute();
  await db.schema
    .createTable('tl_governor_slot')
    .addColumn('endpoint_id', 'text', (c) => c.notNull().references('tl_governor_endpoint.endpoint_id').onDelete('cascade'))
    .addColumn('slot_no', 'integer', (c) => c.notNull())
    .addColumn('holder', 'text')
    .addColumn('lease_id', 'text')
    .addColumn('expires_at', 'timestamptz')
    .addPrimaryKeyConstraint('tl_governor_slot_pk', ['endpoint_id', 'slot_no'])
    .execute();
  await db.schema
    .createTable('tl_governor_waiter')
    .addColumn('endpoint_id', 'text', (c) => c.notNull())
    .addColumn('process_id', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('tl_governor_waiter_pk', ['endpoint_id', 'process_id', 'priority'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('tl_governor_waiter').execute();
  await db.schema.dropTable('tl_governor_slot').execute();
  await db.schema.dropTable('tl_governor_endpoint').execute();
}
