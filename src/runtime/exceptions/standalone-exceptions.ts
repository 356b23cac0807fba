import { sql, type Kysely } from 'kysely';
import { monotonicFactory } from 'ulid';
import type { Database } from '../../persistence/schema.js';
import { ownerDomains, type OwnerDomain } from '../../persistence/tables/runtime.js';
import { appendAudit } from '../audit/append-audit.js';
import type { MoneyImpact } from '../flows/define-step.js';
import { sumImpact } from './sum-impact.js';

const nextUlid = monotonicFactory();

/** An exception that belongs to no run: a reconciliation difference, a sync loop, a hold. */
export interface StandaloneException {
  /** What finds it, e.g. 'reconciliation', 'sync_loop', 'hold' (never 'run'). */
  source: string;
  category: string;
  /** The business key it is about, e.g. `time_entry:TE-1` or `project:P-1`. */
  subject: string;
  message: string;
  ownerDomain: OwnerDomain;
  /** Money at stake, summed per currency (others described in the message). */
  impact?: MoneyImpact | readonly MoneyImpact[] | undefined;
  slaMs: number;
  /** The flow it concerns, if any (no run is involved either way). */
  flowId?: string | undefined;
  now: Date;
}

/**
 * Opens a run-less exception, idempotent per (source, category, subject) while it is unresolved:
 * opening it again refreshes its message and impact (the difference may have changed) but keeps its
 * id, opening time and SLA. Once resolved, the same key opens a new exception.
 */
export async function openStandaloneException(db: Kysely<Database>, exception: StandaloneException): Promise<{ id: string; created: boolean }> {
  if (exception.subject.trim() === '') throw new Error('a run-less exception needs a subject (the business key it is about)');
  if (exception.source.trim() === '' || exception.source === 'run') throw new Error(`a run-less exception needs a source other than 'run' (got '${exception.source}')`);
  if (!(ownerDomains as readonly string[]).includes(exception.ownerDomain)) throw new Error(`unknown owner domain ${exception.ownerDomain}`);
  const impact = sumImpact(exception.impact as MoneyImpact | MoneyImpact[] | undefined);
  const others = impact?.others.length ? ` [other impact: ${impact.others.join(', ')}]` : '';
  const at = exception.now.toISOString();
  const fields = {
    message: exception.message + others,
    impact_amount: impact?.amount ?? null,
    impact_currency: impact?.currency ?? null,
    owner_domain: exception.ownerDomain,
    updated_at: at,
  };
  const id = `tl_exc_${nextUlid()}`;
  const inserted = await sql<{ id: string }>`
    insert into tl_run_exception (id, run_id, flow_id, source, subject, step_id, category, message, vendor_code, impact_amount,
                                  impact_currency, owner_domain, sla_due_at, opened_at, status, updated_at)
    values (${id}, null, ${exception.flowId ?? null}, ${exception.source}, ${exception.subject}, null, ${exception.category},
            ${fields.message}, null, ${fields.impact_amount}::numeric, ${fields.impact_currency}, ${fields.owner_domain},
            ${new Date(exception.now.getTime() + exception.slaMs).toISOString()}::timestamptz, ${at}::timestamptz, 'open', ${at}::timestamptz)
    on conflict (source, category, subject) where run_id is null and status <> 'resolved' do nothing
    returning id`.execute(db);
  if (inserted.rows[0]) return { id: inserted.rows[0].id, created: true };
  const existing = await db
    .updateTable('tl_run_exception')
    .set(fields)
    .where('run_id', 'is', null)
    .where('source', '=', exception.source)
    .where('category', '=', exception.category)
    .where('subject', '=', exception.subject)
    .where('status', '<>', 'resolved')
    .returning('id')
    .executeTakeFirst();
  // Resolved between the two statements: open it afresh.
  if (!existing) return openStandaloneException(db, exception);
  return { id: existing.id, created: false };
}

/**
 * Resolves the unresolved run-less exception of (source, category, subject), e.g. when reconciliation
 * no longer finds the difference, with an audit row. Returns its id, or undefined if none was open.
 */
export async function resolveStandaloneException(
  db: Kysely<Database>,
  key: { source: string; category: string; subject: string; note: string; actor: string; now: Date },
): Promise<string | undefined> {
  if (key.note.trim() === '') throw new Error('resolving an exception needs a note');
  const at = key.now.toISOString();
  return db.transaction().execute(async (trx) => {
    const resolved = await sql<{ id: string; previous: string }>`
      update tl_run_exception e
         set status = 'resolved', resolution_note = ${key.note}, resolved_by = ${key.actor}, resolved_at = ${at}::timestamptz,
             updated_at = ${at}::timestamptz
        from (select id, status as previous from tl_run_exception
               where run_id is null and source = ${key.source} and category = ${key.category} and subject = ${key.subject}
                 and status <> 'resolved' for update) old
       where e.id = old.id
      returning e.id, old.previous`.execute(trx);
    const row = resolved.rows[0];
    if (!row) return undefined;
    await appendAudit(trx, {
      actor: key.actor,
      action: 'exception.resolve',
      subjectType: 'exception',
      subjectId: row.id,
      before: { status: row.previous },
      after: { status: 'resolved', note: key.note },
      at: key.now,
    });
    return row.id;
  });
}
