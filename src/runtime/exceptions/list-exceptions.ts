import type { Kysely } from 'kysely';
import type { Database } from '../../persistence/schema.js';
import type { OwnerDomain } from '../../persistence/tables/runtime.js';
import { toExceptionView, type ExceptionView } from './exception-view.js';

/** Filters of the exception queue. */
export interface ExceptionFilter {
  status?: 'open' | 'retrying' | 'resolved' | 'unresolved';
  ownerDomain?: OwnerDomain;
  flowId?: string;
  runId?: string;
  /** 'run' for run failures, or the source of run-less exceptions (e.g. 'reconciliation'). */
  source?: string;
  subject?: string;
  limit?: number;
}

/** Lists exceptions, oldest first (the queue's natural working order). */
export async function listExceptions(db: Kysely<Database>, now: Date, filter: ExceptionFilter = {}): Promise<ExceptionView[]> {
  let query = db.selectFrom('tl_run_exception').selectAll();
  if (filter.status === 'unresolved') query = query.where('status', '<>', 'resolved');
  else if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.ownerDomain) query = query.where('owner_domain', '=', filter.ownerDomain);
  if (filter.flowId) query = query.where('flow_id', '=', filter.flowId);
  if (filter.runId) query = query.where('run_id', '=', filter.runId);
  if (filter.source) query = query.where('source', '=', filter.source);
  if (filter.subject) query = query.where('subject', '=', filter.subject);
  const rows = await query.orderBy('opened_at').orderBy('seq').limit(filter.limit ?? 500).execute();
  return rows.map((row) => toExceptionView(row, now));
}

/** One exception by id, or undefined. */
export async function getException(db: Kysely<Database>, now: Date, id: string): Promise<ExceptionView | undefined> {
  const row = await db.selectFrom('tl_run_exception').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toExceptionView(row, now) : undefined;
}
