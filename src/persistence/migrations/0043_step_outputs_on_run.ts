import { sql, type Kysely } from 'kysely';

/**
 * Step checkpoints move onto the run row (see docs/decisions/0014-run-storage-for-throughput.md).
 *
 * `tl_flow_run.step_outputs` holds the outputs of the steps completed under the run's current input
 * version, by step id; it is written in the same statement that moves the run on, so a checkpoint
 * costs no row, index entry or foreign-key check of its own. Outputs that stop being checkpoints are
 * kept in `tl_step_output_archive`: those of a step whose compensation ran ('compensated') and those of
 * an input version a replay superseded ('superseded').
 *
 * Existing `tl_step_checkpoint` rows are carried over: live ones onto their run, the rest to the archive.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table tl_flow_run add column step_outputs jsonb not null default '{}'::jsonb`.execute(db);
  await sql`
    create table tl_step_output_archive (
      id bigserial primary key,
      run_id text not null references tl_flow_run (id),
      input_version integer not null,
      step_id text not null,
      output jsonb not null,
      reason text not null constraint tl_step_output_archive_reason_ck check (reason in ('compensated', 'superseded')),
      archived_at timestamptz not null
    )`.execute(db);
  await sql`create index tl_step_output_archive_run_idx on tl_step_output_archive (run_id, input_version)`.execute(db);

  await sql`
    update tl_flow_run r set step_outputs = c.outputs
      from (select c.run_id, jsonb_object_agg(c.step_id, c.output) as outputs
              from tl_step_checkpoint c join tl_flow_run r on r.id = c.run_id and r.input_version = c.input_version
             where c.compensated_at is null
             group by c.run_id) c
     where r.id = c.run_id`.execute(db);
  await sql`
    insert into tl_step_output_archive (run_id, input_version, step_id, output, reason, archived_at)
    select c.run_id, c.input_version, c.step_id, c.output,
           case when c.compensated_at is not null then 'compensated' else 'superseded' end,
           coalesce(c.compensated_at, c.completed_at)
      from tl_step_checkpoint c join tl_flow_run r on r.id = c.run_id
     where c.compensated_at is not null or c.input_version <> r.input_version
     order by c.run_id, c.input_version, c.completed_at`.execute(db);
  await sql`drop table tl_step_checkpoint`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table tl_step_checkpoint (
      run_id text not null references tl_flow_run (id),
      step_id text not null,
      input_version integer not null,
      output jsonb not null,
      completed_at timestamptz not null,
      compensated_at timestamptz,
      constraint tl_step_checkpoint_pk primary key (run_id, input_version, step_id)
    )`.execute(db);
  await sql`
    insert into tl_step_checkpoint (run_id, step_id, input_version, output, completed_at)
    select r.id, o.key, r.input_version, o.value, r.updated_at from tl_flow_run r, jsonb_each(r.step_outputs) o`.execute(db);
  await sql`
    insert into tl_step_checkpoint (run_id, step_id, input_version, output, completed_at, compensated_at)
    select distinct on (run_id, input_version, step_id) run_id, step_id, input_version, output, archived_at,
           case when reason = 'compensated' then archived_at end
      from tl_step_output_archive
     order by run_id, input_version, step_id, archived_at desc
    on conflict do nothing`.execute(db);
  await sql`drop table tl_step_output_archive`.execute(db);
  await sql`alter table tl_flow_run drop column step_outputs`.execute(db);
}
