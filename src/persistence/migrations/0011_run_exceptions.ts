import { sql, type Kysely } from 'kysely';

/** The exception queue: runs that cannot proceed without a person. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tl_run_exception')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigserial', (c) => c.notNull().unique())
    .addColumn('run_id', 'text', (c) => c.notNull().references('tl_flow_run.id'))
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('step_id', 'text')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('vendor_code', 'text')
    .addColumn('impact_amount', 'numeric')
    .addColumn('impact_currency', 'text')
    .addColumn('owner_domain', 'text', (c) => c.notNull())
    .addColumn('sla_due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('resolution_note', 'text')
    .addColumn('resolved_by', 'text')
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('tl_run_exception_status_ck', sql`status in ('open','retrying','resolved')`)
    .addCheckConstraint('tl_run_exception_owner_ck', sql`owner_domain in ('finance','delivery','sales','integration')`)
    .execute();
  // At most one unresolved exception per run: a run that fails again reopens it.
  await sql`create unique index tl_run_exception_live_uq on tl_run_exception (run_id) where status <> 'resolved'`.execute(db);
  await sql`create index tl_run_exception_queue_idx on tl_run_exception (status, owner_domain, opened_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('tl_run_exception').execute();
}
