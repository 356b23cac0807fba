import { sql, type Kysely } from 'kysely';

/** Flow runs, step checkpoints and replay input versions (see docs/decisions/0010-durable-runtime.md). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tl_flow_run')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('ordering_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('failure_blocks_key', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('current_step', 'text')
    .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'timestamptz')
    .addColumn('input_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('last_error', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .addUniqueConstraint('tl_flow_run_flow_event_uq', ['flow_id', 'event_id'])
    .addCheckConstraint(
      'tl_flow_run_status_ck',
      sql`status in ('pending','running','retry_wait','completed','failed','compensated','cancelled')`,
    )
    .execute();
  // Claim scan: only live runs, best priority first, then event order.
  await sql`create index tl_flow_run_claim_idx on tl_flow_run (priority desc, seq)
            where status in ('pending','retry_wait','running')`.execute(db);
  // Per-key order probe: earlier runs of the same key that still hold the key.
  await sql`create index tl_flow_run_key_idx on tl_flow_run (flow_id, ordering_key, seq)
            where status in ('pending','retry_wait','running','failed')`.execute(db);
  await db.schema.createIndex('tl_flow_run_event_idx').on('tl_flow_run').column('event_id').execute();

  await db.schema
    .createTable('tl_step_checkpoint')
    .addColumn('run_id', 'text', (c) => c.notNull().references('tl_flow_run.id'))
    .addColumn('step_id', 'text', (c) => c.notNull())
    .addColumn('input_version', 'integer', (c) => c.notNull())
    .addColumn('output', 'jsonb', (c) => c.notNull())
    .addColumn('completed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('compensated_at', 'timestamptz')
    .addPrimaryKeyConstraint('tl_step_checkpoint_pk', ['run_id', 'input_version', 'step_id'])
    .execute();

  await db.schema
    .createTable('tl_run_input')
    .addColumn('run_id', 'text', (c) => c.notNull().references('tl_flow_run.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('input', 'jsonb', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('approver', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('tl_run_input_pk', ['run_id', 'version'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('tl_run_input').execute();
  await db.schema.dropTable('tl_step_checkpoint').execute();
  await db.schema.dropTable('tl_flow_run').execute();
}
