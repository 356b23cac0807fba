import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../persistence/schema.js';
import { auditRowHash } from './audit-hash.js';
import { jsonRoundTrip } from './canonical-json.js';

/** One audited action: who did what to which subject, with the state before and after. */
export interface AuditEntry {
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  before?: unknown;
  after?: unknown;
  reason?: string | undefined;
  at: Date;
}

const auditEntrySchema = z.object({
  actor: z.string().min(1),
  action: z.string().min(1),
  subjectType: z.string().min(1),
  subjectId: z.string().min(1),
  reason: z.string().optional(),
  at: z.date().refine((d) => !Number.isNaN(d.getTime()), 'invalid date'),
});

/**
 * Appends one row to the hash-chained audit log. Call it inside the transaction that makes the
 * change, so the audit row commits (or rolls back) with it. Writers are serialized by a row lock on
 * the chain's head (held until the caller's transaction ends), so two writers cannot fork the chain
 * on either engine. Given a plain `Kysely`, it opens its own short transaction.
 */
export async function appendAudit(
  trx: Kysely<Database> | Transaction<Database>,
  entry: AuditEntry,
): Promise<{ seq: number; hash: string }> {
  auditEntrySchema.parse(entry);
  if (!trx.isTransaction) return trx.transaction().execute((inner) => appendAudit(inner, entry));
  const before = jsonRoundTrip(entry.before);
  const after = jsonRoundTrip(entry.after);
  const head = await sql<{ seq: number; hash: string }>`
    select seq, hash from tl_audit_head where id = 1 for update`.execute(trx);
  const tip = head.rows[0];
  if (!tip) throw new Error('tl_audit_head is missing its row: run the migrations');
  const seq = tip.seq + 1;
  const hash = auditRowHash(tip.hash, {
    seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    before,
    after,
    reason: entry.reason ?? null,
  });
  // One round trip for the row and the new head.
  await sql`
    with appended as (
      insert into tl_audit_log (seq, at, actor, action, subject_type, subject_id, before, after, reason, prev_hash, hash)
      values (${seq}, ${entry.at.toISOString()}, ${entry.actor}, ${entry.action}, ${entry.subjectType}, ${entry.subjectId},
              ${before === null ? null : JSON.stringify(before)}::jsonb, ${after === null ? null : JSON.stringify(after)}::jsonb,
              ${entry.reason ?? null}, ${tip.hash}, ${hash})
      returning seq
    )
    update tl_audit_head set seq = (select seq from appended), hash = ${hash} where id = 1`.execute(trx);
  return { seq, hash };
}
