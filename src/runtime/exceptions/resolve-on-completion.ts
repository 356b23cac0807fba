import { sql, type Transaction } from 'kysely';
import type { Database } from '../../persistence/schema.js';
import { appendAudit } from '../audit/append-audit.js';

/**
 * Closes the exceptions of runs that have now completed (after a retry or a replay), with an audit
 * row each, in the caller's transaction. Most completing runs never had one: one cheap statement.
 */
export async function resolveExceptionsOfCompletedRuns(trx: Transaction<Database>, runIds: readonly string[], now: Date): Promise<number> {
  if (runIds.length === 0) return 0;
  const at = now.toISOString();
  const resolved = await sql<{ id: string; run_id: string; previous: string }>`
    update tl_run_exception e
       set status = 'resolved', resolution_note = 'run completed', resolved_by = 'runtime', resolved_at = ${at}::timestamptz,
           updated_at = ${at}::timestamptz
      from (select id, status as previous from tl_run_exception where run_id = any(${[...runIds]}::text[]) and status <> 'resolved') old
     where e.id = old.id
    returning e.id, e.run_id, old.previous`.execute(trx);
  for (const row of resolved.rows) {
    await appendAudit(trx, {
      actor: 'runtime',
      action: 'exception.resolved_by_completion',
      subjectType: 'exception',
      subjectId: row.id,
      before: { status: row.previous },
      after: { status: 'resolved', runId: row.run_id, note: 'run completed' },
      at: now,
    });
  }
  return resolved.rows.length;
}
