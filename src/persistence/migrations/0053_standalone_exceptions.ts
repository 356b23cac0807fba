import { sql, type Kysely } from 'kysely';

/**
 * Exceptions that belong to no run (reconciliation differences, sync loops, holds) share the one
 * exception queue: `run_id` and `flow_id` become nullable, `source` says what opened the exception
 * ('run' for every existing row and every run failure) and `subject` names the business key it is about
 * (e.g. `time_entry:...`, `project:...`). A run-less exception needs a subject and another source than
 * 'run'; at most one is unresolved per (source, category, subject). Existing rows keep their values.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tl_run_exception').addColumn('source', 'text', (c) => c.notNull().defaultTo('run')).execute();
  await db.schema.alterTable('tl_run_exception').addColumn('subject', 'text').execute();
  await sql`alter table tl_run_exception alter column run_id drop not null`.execute(db);
  await sql`alter table tl_run_exception alter column flow_id drop not null`.execute(db);
  await sql`
    alter table tl_run_exception add constraint tl_run_exception_run_or_subject_ck
      check ((run_id is not null and source = 'run') or (run_id is null and source <> 'run' and subject is not null))`.execute(db);
  await sql`
    create unique index tl_run_exception_standalone_live_uq on tl_run_exception (source, category, subject)
     where run_id is null and status <> 'resolved'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index tl_run_exception_standalone_live_uq`.execute(db);
  await sql`alter table tl_run_exception drop constraint tl_run_exception_run_or_subject_ck`.execute(db);
  // Run-less exceptions cannot exist in the older schema.
  await sql`delete from tl_run_exception where run_id is null`.execute(db);
  await sql`alter table tl_run_exception alter column flow_id set not null`.execute(db);
  await sql`alter table tl_run_exception alter column run_id set not null`.execute(db);
  await db.schema.alterTable('tl_run_exception').dropColumn('subject').execute();
  await db.schema.alterTable('tl_run_exception').dropColumn('source').execute();
}
