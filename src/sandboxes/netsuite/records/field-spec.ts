/**
 * How the sandbox describes a NetSuite record type as data: its body fields, sublists and which
 * record types its references point to. Validation, rendering, `q` and SuiteQL all read these specs.
 */

/** The record types the sandbox serves (REST record names). */
export const recordTypeNames = [
  'subsidiary', 'currency', 'customer', 'job', 'employee', 'item', 'salesTaxItem',
  'accountingPeriod', 'timeBill', 'invoice', 'customerPayment',
] as const;

/** One REST record type name. */
export type RecordTypeName = (typeof recordTypeNames)[number];

/** The value kinds a field can hold. Money and quantities are decimal strings inside, JSON numbers on the wire. */
export type FieldKind = 'string' | 'boolean' | 'date' | 'decimal' | 'integer' | 'ref' | 'select' | 'timestamp';

/** One body field. */
export interface FieldSpec {
  kind: FieldKind;
  /** For `ref`: the record types the reference may point to. */
  ref?: readonly RecordTypeName[];
  /** For `select`: allowed option ids and their labels. */
  options?: Readonly<Record<string, string>>;
  /** Computed or system-set: writes are rejected. */
  readOnly?: boolean;
  /** Must be present after a create or update. */
  required?: boolean;
}

/** One sublist (e.g. invoice `item`, customerPayment `apply`). */
export interface SublistSpec {
  fields: Readonly<Record<string, FieldSpec>>;
  /** The field that identifies a line's target (e.g. `doc` for apply lines); lines are numbered otherwise. */
  keyField?: string;
}

/** A record type: fields, sublists and how its references are labelled. */
export interface RecordTypeSpec {
  name: RecordTypeName;
  fields: Readonly<Record<string, FieldSpec>>;
  sublists?: Readonly<Record<string, SublistSpec>>;
  /** The `refName` shown when another record references this one. */
  refName(record: StoredRecord): string;
  /** Transactions carry a tranDate that must fall in an open accounting period. */
  postsToPeriod?: boolean;
}

/** A sublist line as stored. */
export type StoredLine = Record<string, unknown> & { line: number };

/** A record as stored: references are `{ id }`, money is a decimal string, sublists are `{ items }`. */
export interface StoredRecord {
  id: string;
  externalId?: string;
  createdDate: string;
  lastModifiedDate: string;
  [field: string]: unknown;
}

/** A stored reference: the target's internal id and record type (the type is never rendered). */
export interface StoredRef {
  id: string;
  type: RecordTypeName;
}

/** A stored select value (e.g. approvalStatus). */
export interface StoredSelect {
  id: string;
}

/** Fields every record has (NetSuite sets the dates; externalId is writable). */
export const commonFields: Readonly<Record<string, FieldSpec>> = {
  externalId: { kind: 'string' },
  createdDate: { kind: 'timestamp', readOnly: true },
  lastModifiedDate: { kind: 'timestamp', readOnly: true },
};
