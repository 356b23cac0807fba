import type { Kysely } from 'kysely';
import type { Database } from '../../persistence/schema.js';
import { auditRowHash, GENESIS_HASH } from './audit-hash.js';

/** Result of checking the whole audit chain. */
export type AuditChainVerdict =
  | { ok: true; rows: number }
  | { ok: false; brokenAtSeq: number; reason: string };

const PAGE = 1000;

/**
 * Re-hashes the audit log from the first row and compares it with the stored hashes and the head:
 * an edited row, a deleted row (gap or missing tail) or reordered rows all break it.
 */
export async function verifyAuditChain(db: Kysely<Database>): Promise<AuditChainVerdict> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  for (;;) {
    const rows = await db
      .selectFrom('tl_audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const row of rows) {
      if (row.seq !== expectedSeq) return { ok: false, brokenAtSeq: expectedSeq, reason: `row ${expectedSeq} is missing` };
      if (row.prev_hash !== prevHash) {
        return { ok: false, brokenAtSeq: row.seq, reason: `row ${row.seq} does not link to the row before it` };
      }
      const recomputed = auditRowHash(prevHash, {
        seq: row.seq,
        at: row.at,
        actor: row.actor,
        action: row.action,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        before: row.before,
        after: row.after,
        reason: row.reason,
      });
      if (recomputed !== row.hash) return { ok: false, brokenAtSeq: row.seq, reason: `row ${row.seq} was altered (hash mismatch)` };
      prevHash = row.hash;
      expectedSeq += 1;
    }
    if (rows.length < PAGE) break;
  }
  const head = await db.selectFrom('tl_audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  const last = expectedSeq - 1;
  if (!head) return { ok: false, brokenAtSeq: 1, reason: 'the chain head row is missing' };
  if (head.seq !== last) return { ok: false, brokenAtSeq: last + 1, reason: `the head records ${head.seq} rows but ${last} remain` };
  if (head.hash !== prevHash) return { ok: false, brokenAtSeq: last, reason: 'the last row does not match the chain head' };
  return { ok: true, rows: last };
}
