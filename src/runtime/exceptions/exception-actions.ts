import { sql, type Kysely, type Transaction } from 'kysely';
import type { EventDefinition } from '../../canonical/define-event.js';
import { eventEnvelopeSchema, type CanonicalEvent } from '../../canonical/envelope.js';
import type { Database } from '../../persistence/schema.js';
import { appendAudit } from '../audit/append-audit.js';
import { notifyRunsReady } from '../runs/runs-ready.js';
import type { Clock } from '../clock.js';
import type { FlowRegistry } from '../flows/flow-registry.js';
import { getException, listExceptions, type ExceptionFilter } from './list-exceptions.js';
import type { ExceptionView } from './exception-view.js';

/** An exception action that is not allowed in the current state (or lacks an approval). */
export class ExceptionActionError extends Error {
  override readonly name = 'ExceptionActionError';
}

/** What the exception actions need. `definitions` (optional) validates corrected input's data. */
export interface ExceptionActionDeps {
  db: Kysely<Database>;
  clock: Clock;
  flows: FlowRegistry;
  definitions?: ReadonlyArray<EventDefinition>;
}

/** The exception queue: read it and act on it; every action writes an audit row in its transaction. */
export interface ExceptionQueue {
  list(filter?: ExceptionFilter): Promise<ExceptionView[]>;
  get(id: string): Promise<ExceptionView | undefined>;
  /** Runs the failed step again (from the first step not checkpointed) with the same input. */
  retryException(id: string, actor: string): Promise<ExceptionView>;
  /**
   * Runs the flow again from its first step with a corrected input, recorded as a new input version
   * (the original is kept). A flow with a ledger-affecting step needs an `approver` other than `actor`.
   */
  replayException(id: string, correctedInput: unknown, actor: string, options?: { approver?: string }): Promise<ExceptionView>;
  /** Closes the exception with a note; a failed run is cancelled (and stops holding its key). */
  resolveException(id: string, note: string, actor: string): Promise<ExceptionView>;
}

interface LockedException {
  id: string;
  run_id: string | null;
  flow_id: string | null;
  source: string;
  subject: string | null;
  status: string;
}

interface Locked {
  exception: LockedException & { run_id: string; flow_id: string };
  run: { id: string; status: string; input_version: number; event_id: string };
}

/** Locks the exception and its run (none for a run-less exception). */
async function lockAny(trx: Transaction<Database>, id: string): Promise<{ exception: LockedException; run: Locked['run'] | undefined }> {
  const exception = await sql<LockedException>`
    select id, run_id, flow_id, source, subject, status from tl_run_exception where id = ${id} for update`.execute(trx);
  const e = exception.rows[0];
  if (!e) throw new ExceptionActionError(`exception ${id} not found`);
  if (e.run_id === null) return { exception: e, run: undefined };
  const run = await sql<Locked['run']>`
    select id, status, input_version, event_id from tl_flow_run where id = ${e.run_id} for update`.execute(trx);
  return { exception: e, run: run.rows[0]! };
}

/** Locks an exception that has a run (retry and replay need one); a run-less exception is refused. */
async function lock(trx: Transaction<Database>, id: string, action: 'retried' | 'replayed'): Promise<Locked> {
  const { exception, run } = await lockAny(trx, id);
  if (exception.run_id === null || exception.flow_id === null || !run) {
    throw new ExceptionActionError(
      `exception ${id} belongs to no run (${exception.source}, ${exception.subject ?? 'no subject'}): it cannot be ${action}; fix its cause and resolve it`,
    );
  }
  return { exception: { ...exception, run_id: exception.run_id, flow_id: exception.flow_id }, run };
}

function requireActionable(locked: Locked): void {
  if (locked.exception.status !== 'open') {
    throw new ExceptionActionError(`exception ${locked.exception.id} is ${locked.exception.status}, not open`);
  }
  if (locked.run.status !== 'failed' && locked.run.status !== 'compensated') {
    throw new ExceptionActionError(`run ${locked.run.id} is ${locked.run.status}; only failed or compensated runs can be retried`);
  }
}

/** Creates the exception queue over a store. */
export function createExceptionQueue(deps: ExceptionActionDeps): ExceptionQueue {
  const definitions = new Map((deps.definitions ?? []).map((d) => [d.type, d]));
  const view = async (id: string) => (await getException(deps.db, deps.clock.now(), id))!;

  const requeue = async (trx: Transaction<Database>, runId: string, now: Date, inputVersion?: number) => {
    await trx
      .updateTable('tl_flow_run')
      .set({
        status: 'pending',
        attempt: 0,
        next_attempt_at: now.toISOString(),
        finished_at: null,
        updated_at: now.toISOString(),
        ...(inputVersion !== undefined ? { input_version: inputVersion, current_step: null, step_outputs: '{}' } : {}),
      })
      .where('id', '=', runId)
      .execute();
    await notifyRunsReady(trx);
  };

  return {
    list: (filter) => listExceptions(deps.db, deps.clock.now(), filter),
    get: (id) => getException(deps.db, deps.clock.now(), id),

    async retryException(id, actor) {
      const now = deps.clock.now();
      await deps.db.transaction().execute(async (trx) => {
        const locked = await lock(trx, id, 'retried');
        requireActionable(locked);
        await requeue(trx, locked.run.id, now);
        await trx.updateTable('tl_run_exception').set({ status: 'retrying', updated_at: now.toISOString() }).where('id', '=', id).execute();
        await appendAudit(trx, {
          actor,
          action: 'exception.retry',
          subjectType: 'exception',
          subjectId: id,
          before: { status: locked.exception.status, runStatus: locked.run.status },
          after: { status: 'retrying', runStatus: 'pending' },
          at: now,
        });
      });
      return view(id);
    },

    async replayException(id, correctedInput, actor, options = {}) {
      const now = deps.clock.now();
      // A run-less exception is refused before its corrected input is judged (the lock checks again).
      const current = await getException(deps.db, now, id);
      if (current && current.runId === null) {
        throw new ExceptionActionError(`exception ${id} belongs to no run (${current.source}, ${current.subject ?? 'no subject'}): it cannot be replayed; fix its cause and resolve it`);
      }
      const envelope = eventEnvelopeSchema.safeParse(correctedInput);
      if (!envelope.success) throw new ExceptionActionError(`corrected input is not a valid event: ${envelope.error.message}`);
      let input: CanonicalEvent = envelope.data;
      const definition = definitions.get(input.type);
      if (definition) {
        const data = definition.data.safeParse(input.data);
        if (!data.success) throw new ExceptionActionError(`corrected input data is invalid: ${data.error.message}`);
        input = { ...input, data: data.data };
      }
      await deps.db.transaction().execute(async (trx) => {
        const locked = await lock(trx, id, 'replayed');
        requireActionable(locked);
        const flow = deps.flows.get(locked.exception.flow_id);
        if (!flow) throw new ExceptionActionError(`flow ${locked.exception.flow_id} is not registered in this process`);
        if (!flow.on.includes(input.type)) {
          throw new ExceptionActionError(`flow ${flow.id} does not take ${input.type} events`);
        }
        const affectsLedger = flow.steps.some((s) => s.affectsLedger);
        if (affectsLedger && (!options.approver || options.approver === actor)) {
          throw new ExceptionActionError(`flow ${flow.id} posts to the ledger: a replay with corrected input needs a second approver`);
        }
        const version = locked.run.input_version + 1;
        await trx
          .insertInto('tl_run_input')
          .values({
            run_id: locked.run.id,
            version,
            input: JSON.stringify(input),
            actor,
            approver: options.approver ?? null,
            created_at: now.toISOString(),
          })
          .execute();
        // The checkpoints of the superseded input are kept in the archive; the new input starts afresh.
        await sql`
          insert into tl_step_output_archive (run_id, input_version, step_id, output, reason, archived_at)
          select r.id, r.input_version, o.key, o.value, 'superseded', ${now.toISOString()}::timestamptz
            from tl_flow_run r, jsonb_each(r.step_outputs) o
           where r.id = ${locked.run.id}`.execute(trx);
        await requeue(trx, locked.run.id, now, version);
        await trx.updateTable('tl_run_exception').set({ status: 'retrying', updated_at: now.toISOString() }).where('id', '=', id).execute();
        await appendAudit(trx, {
          actor,
          action: 'exception.replay',
          subjectType: 'exception',
          subjectId: id,
          before: { status: locked.exception.status, runStatus: locked.run.status, inputVersion: locked.run.input_version },
          after: { status: 'retrying', runStatus: 'pending', inputVersion: version, input, approver: options.approver ?? null },
          at: now,
        });
      });
      return view(id);
    },

    async resolveException(id, note, actor) {
      if (note.trim() === '') throw new ExceptionActionError('resolving an exception needs a note');
      const now = deps.clock.now();
      await deps.db.transaction().execute(async (trx) => {
        const locked = await lockAny(trx, id);
        if (locked.exception.status === 'resolved') throw new ExceptionActionError(`exception ${id} is already resolved`);
        // A run-less exception has no run to cancel: resolving it only closes it.
        const runStatus = locked.run === undefined ? null : locked.run.status === 'failed' ? 'cancelled' : locked.run.status;
        if (locked.run && runStatus !== locked.run.status) {
          await trx
            .updateTable('tl_flow_run')
            .set({ status: 'cancelled', updated_at: now.toISOString(), finished_at: now.toISOString() })
            .where('id', '=', locked.run.id)
            .execute();
        }
        await trx
          .updateTable('tl_run_exception')
          .set({ status: 'resolved', resolution_note: note, resolved_by: actor, resolved_at: now.toISOString(), updated_at: now.toISOString() })
          .where('id', '=', id)
          .execute();
        await appendAudit(trx, {
          actor,
          action: 'exception.resolve',
          subjectType: 'exception',
          subjectId: id,
          before: locked.run ? { status: locked.exception.status, runStatus: locked.run.status } : { status: locked.exception.status },
          after: locked.run ? { status: 'resolved', runStatus, note } : { status: 'resolved', note },
          at: now,
        });
      });
      return view(id);
    },
  };
}
