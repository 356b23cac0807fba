import type { Kysely } from 'kysely';
import type { Database } from '../../persistence/schema.js';
import type { AuditEntry } from './append-audit.js';

/** An audit row as read back, with its place in the chain. */
export interface AuditRecord extends AuditEntry {
  seq: number;
  hash: string;
}

/** The audit history of one subject (e.g. an exception), oldest first. */
export async function listAuditEntries(
  db: Kysely<Database>,
  subject: { subjectType: string; subjectId: string },
): Promise<AuditRecord[]> {
  const rows = await db
    .selectFrom('tl_audit_log')
    .selectAll()
    .where('subject_type', '=', subject.subjectType)
    .where('subject_id', '=', subject.subjectId)
    .orderBy('seq')
    .execute();
  return rows.map((row) => ({
    seq: row.seq,
    hash: row.hash,
    at: row.at,
    actor: row.actor,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    before: row.before,
    after: row.after,
    reason: row.reason ?? undefined,
  }));
}
