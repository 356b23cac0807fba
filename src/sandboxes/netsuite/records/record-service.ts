import { NetSuiteError } from '../errors.js';
import { assertPeriodOpen } from '../rules/accounting-periods.js';
import { customerRules, jobRules, timeBillRules } from '../rules/entity-rules.js';
import { invoiceRules } from '../rules/invoice-rules.js';
import { paymentRules } from '../rules/payment-rules.js';
import type { RecordRules, RuleContext } from '../rules/rule-context.js';
import type { NetSuiteStore } from '../store.js';
import type { RecordTypeName, RecordTypeSpec, StoredLine, StoredRecord, StoredRef } from './field-spec.js';
import { recordTypeNames } from './field-spec.js';
import { mergeChanges } from './merge-changes.js';
import { parseRecordBody, type PropertyNameValidation } from './parse-body.js';

/**
 * Create, update, upsert and delete with NetSuite's semantics: parse the body, merge, check required
 * fields and external-id uniqueness, run the record type's business rules, store. A failed write
 * leaves the account untouched (id and number sequences included).
 */

const rulesByType: Partial<Record<RecordTypeName, RecordRules>> = {
  customer: customerRules,
  job: jobRules,
  timeBill: timeBillRules,
  invoice: invoiceRules,
  customerPayment: paymentRules,
};

/** Options of a write request. */
export interface WriteOptions {
  nameValidation?: PropertyNameValidation;
  /** Sublists whose lines the body replaces (`?replace=item`). */
  replace?: ReadonlySet<string>;
}

/** The outcome of a write. */
export interface WriteResult {
  record: StoredRecord;
  created: boolean;
}

/** Creates a record (POST); a duplicate externalId is a USER_ERROR. */
export function createRecord(store: NetSuiteStore, spec: RecordTypeSpec, body: unknown, options: WriteOptions = {}): WriteResult {
  return atomically(store, () => {
    const changes = parseRecordBody(spec, body, store, options.nameValidation);
    return { record: save(store, spec, undefined, changes, options), created: true };
  });
}

/** Updates the record at `idOrEid` (PATCH); a missing record is NONEXISTENT_ID. */
export function updateRecord(store: NetSuiteStore, spec: RecordTypeSpec, idOrEid: string, body: unknown, options: WriteOptions = {}): WriteResult {
  return atomically(store, () => {
    const existing = requireRecord(store, spec, idOrEid);
    const changes = parseRecordBody(spec, body, store, options.nameValidation);
    return { record: save(store, spec, existing, changes, options), created: false };
  });
}

/** Creates or updates the record with `externalId` (PUT /{record}/eid:{externalId}). */
export function upsertRecord(store: NetSuiteStore, spec: RecordTypeSpec, externalId: string, body: unknown, options: WriteOptions = {}): WriteResult {
  return atomically(store, () => {
    const existing = store.findByExternalId(spec.name, externalId);
    const changes = parseRecordBody(spec, body, store, options.nameValidation);
    if (changes.externalId !== undefined && changes.externalId !== externalId) {
      throw new NetSuiteError('INVALID_CONTENT', 'The externalId in the body differs from the one in the URL.', { path: 'externalId' });
    }
    changes.externalId = externalId;
    return { record: save(store, spec, existing, changes, { ...options, replace: options.replace ?? allSublists(spec) }), created: !existing };
  });
}

/** Deletes a record; one that other records reference cannot be deleted. */
export function deleteRecord(store: NetSuiteStore, spec: RecordTypeSpec, idOrEid: string): void {
  atomically(store, () => {
    const existing = requireRecord(store, spec, idOrEid);
    const context: RuleContext = { store, type: spec.name, existing };
    rulesByType[spec.name]?.beforeDelete?.(existing, context);
    if (spec.postsToPeriod && typeof existing.tranDate === 'string') assertPeriodOpen(store, existing.tranDate);
    if (hasDependents(store, spec.name, existing.id)) {
      throw new NetSuiteError('USER_ERROR', 'This record cannot be deleted because it has dependent records.');
    }
    store.delete(spec.name, existing.id);
    rulesByType[spec.name]?.afterWrite?.(undefined, context);
  });
}

/** The record at `idOrEid` or NONEXISTENT_ID (404). */
export function requireRecord(store: NetSuiteStore, spec: RecordTypeSpec, idOrEid: string): StoredRecord {
  const record = store.resolve(spec.name, idOrEid);
  if (!record) {
    throw new NetSuiteError('NONEXISTENT_ID', `The record instance does not exist. Provide a valid record instance ID (${spec.name} ${idOrEid}).`, { path: 'id' });
  }
  return record;
}

function save(store: NetSuiteStore, spec: RecordTypeSpec, existing: StoredRecord | undefined, changes: Record<string, unknown>, options: WriteOptions): StoredRecord {
  const merged = mergeChanges(spec, existing, changes, options.replace ?? new Set());
  assertRequired(spec, merged);
  if (typeof merged.externalId === 'string') {
    const holder = store.findByExternalId(spec.name, merged.externalId);
    if (holder && holder.id !== existing?.id) {
      throw new NetSuiteError('USER_ERROR', `A ${spec.name} record with external ID '${merged.externalId}' already exists.`, { path: 'externalId' });
    }
  }
  const context: RuleContext = existing ? { store, type: spec.name, existing } : { store, type: spec.name };
  const finalized = rulesByType[spec.name]?.finalize?.(merged, context) ?? merged;
  const record = existing ? store.replace(spec.name, existing.id, finalized) : store.insert(spec.name, finalized);
  rulesByType[spec.name]?.afterWrite?.(record, context);
  return record;
}

function assertRequired(spec: RecordTypeSpec, record: Record<string, unknown>): void {
  for (const [name, field] of Object.entries(spec.fields)) {
    if (field.required && (record[name] === undefined || record[name] === '')) {
      throw new NetSuiteError('USER_ERROR', `Please enter value(s) for: ${name}`, { path: name });
    }
  }
  for (const [name, sublist] of Object.entries(spec.sublists ?? {})) {
    const lines = (record[name] as { items?: StoredLine[] } | undefined)?.items ?? [];
    lines.forEach((line, index) => {
      for (const [fieldName, field] of Object.entries(sublist.fields)) {
        if (field.required && line[fieldName] === undefined) {
          throw new NetSuiteError('USER_ERROR', `Please enter value(s) for: ${fieldName}`, { path: `${name}.items[${index}].${fieldName}` });
        }
      }
    });
  }
}

function allSublists(spec: RecordTypeSpec): ReadonlySet<string> {
  return new Set(Object.keys(spec.sublists ?? {}));
}

function hasDependents(store: NetSuiteStore, type: RecordTypeName, id: string): boolean {
  const pointsHere = (value: unknown): boolean =>
    typeof value === 'object' && value !== null && (value as StoredRef).type === type && (value as StoredRef).id === id;
  for (const other of recordTypeNames) {
    for (const record of store.list(other)) {
      for (const value of Object.values(record)) {
        if (pointsHere(value)) return true;
        const items = (value as { items?: unknown })?.items;
        if (Array.isArray(items) && items.some((line: Record<string, unknown>) => Object.values(line).some(pointsHere))) return true;
      }
    }
  }
  return false;
}

/** Validation runs before anything is stored, so only the sequences need restoring on failure. */
function atomically<T>(store: NetSuiteStore, write: () => T): T {
  const nextIds = { ...store.state.nextIds };
  const nextTranNumbers = { ...store.state.nextTranNumbers };
  try {
    return write();
  } catch (error) {
    store.state.nextIds = nextIds;
    store.state.nextTranNumbers = nextTranNumbers;
    throw error;
  }
}
