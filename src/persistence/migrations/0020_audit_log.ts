import { sql, type Kysely } from 'kysely';

/** Hash-chained audit log plus its head row; UPDATE / DELETE / TRUNCATE are refused by trigger. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tl_audit_log')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .addColumn('reason', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tl_audit_subject_idx').on('tl_audit_log').columns(['subject_type', 'subject_id', 'seq']).execute();
  await db.schema
    .createTable('tl_audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into tl_audit_head (id, seq, hash) values (1, 0, ${'0'.repeat(64)})`.execute(db);
  await sql`
    create function tl_audit_log_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'tl_audit_log is append-only (% refused)', tg_op;
    end $$`.execute(db);
  await sql`
    create trigger tl_audit_log_append_only before update or delete on tl_audit_log
    for each row execute function tl_audit_log_refuse_change()`.execute(db);
  await sql`
    create trigger tl_audit_log_no_truncate before truncate on tl_audit_log
    for each statement execute function tl_audit_log_refuse_change()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('tl_audit_head').execute();
  await db.schema.dropTable('tl_audit_log').execute();
  await sql`drop function if exists tl_audit_log_refuse_change()`.execute(db);
}
