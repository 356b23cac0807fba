import type { Kysely } from 'kysely';

/** Durable cron schedules fired once per tick across processes. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tl_schedule')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('cron', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('next_fire_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_fired_at', 'timestamptz')
    .addColumn('last_tick_at', 'timestamptz')
    .addColumn('missed_ticks', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tl_schedule_due_idx').on('tl_schedule').columns(['next_fire_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('tl_schedule').execute();
}
