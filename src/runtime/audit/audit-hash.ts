import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** Hash that precedes the first row of the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit row that its hash covers (seq included, so reordering is detected). */
export interface AuditHashedFields {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  before: unknown;
  after: unknown;
  reason: string | null;
}

/** sha256(prevHash + canonical JSON of the row's fields), hex. */
export function auditRowHash(prevHash: string, fields: AuditHashedFields): string {
  const body = canonicalJson({
    seq: fields.seq,
    at: fields.at.toISOString(),
    actor: fields.actor,
    action: fields.action,
    subjectType: fields.subjectType,
    subjectId: fields.subjectId,
    before: fields.before ?? null,
    after: fields.after ?? null,
    reason: fields.reason ?? null,
  });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}
