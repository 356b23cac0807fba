import type { RecordTypeName, StoredRecord, StoredRef } from '../records/field-spec.js';
import type { NetSuiteStore } from '../store.js';

/** What a record type's business rules see while a write is validated. */
export interface RuleContext {
  store: NetSuiteStore;
  type: RecordTypeName;
  /** The record before this write (absent on create). */
  existing?: StoredRecord;
}

/** One record type's business behaviour; every hook may throw a NetSuiteError to reject the write. */
export interface RecordRules {
  /** Fills defaults and computed fields and validates the merged record before it is stored. */
  finalize?(record: Record<string, unknown>, context: RuleContext): Record<string, unknown>;
  /** Updates dependent records after the write was stored (e.g. invoice amounts after a payment). */
  afterWrite?(record: StoredRecord | undefined, context: RuleContext): void;
  /** Validates a delete. */
  beforeDelete?(record: StoredRecord, context: RuleContext): void;
}

/** The referenced record, if the ref is set and resolves. */
export function follow(store: NetSuiteStore, ref: unknown): StoredRecord | undefined {
  if (typeof ref !== 'object' || ref === null) return undefined;
  const { id, type } = ref as StoredRef;
  return store.get(type, id);
}

/** A stored reference to `record` of `type`. */
export function refTo(type: RecordTypeName, record: StoredRecord): StoredRef {
  return { id: record.id, type };
}
