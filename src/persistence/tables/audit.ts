import type { ColumnType } from 'kysely';

/**
 * Append-only, hash-chained audit trail of manual and governed actions (who, when, what,
 * before/after). Rows are never updated or deleted; a trigger refuses both.
 */
export interface AuditLogTable {
  /** Contiguous from 1: a gap means a deleted row. */
  seq: number;
  at: ColumnType<Date, Date | string, never>;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
  reason: string | null;
  /** Hash of the previous row (64 zeros for the first). */
  prev_hash: string;
  /** sha256(prev_hash + canonical JSON of this row's fields), hex. */
  hash: string;
}

/** Single row (id = 1) holding the chain's tip, so deleting the newest rows is detected too. */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface AuditTables {
  tl_audit_log: AuditLogTable;
  tl_audit_head: AuditHeadTable;
}
