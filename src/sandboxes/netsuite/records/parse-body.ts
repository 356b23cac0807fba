import { SandboxDecimal } from '../money.js';
import { NetSuiteError } from '../errors.js';
import type { NetSuiteStore } from '../store.js';
import type { FieldSpec, RecordTypeName, RecordTypeSpec, StoredRef, StoredRecord } from './field-spec.js';
import { commonFields } from './field-spec.js';

/**
 * Turns a request body into normalized field changes for one record type: decimals become strings,
 * references `{ id }` / `{ externalId }` / `"eid:..."` resolve to stored refs, `null` means "clear".
 * Unknown or read-only fields are rejected (NetSuite's X-NetSuite-PropertyNameValidation=Error default).
 */

/** Sublist changes: the lines given, in order. */
export interface SublistChange {
  items: Record<string, unknown>[];
}

/** How strictly unknown property names are treated (header X-NetSuite-PropertyNameValidation). */
export type PropertyNameValidation = 'Error' | 'Warning' | 'Ignore';

const ignoredKeys = new Set(['links', 'id', 'refName']);
const externalIdPattern = /^[A-Za-z0-9_\-.]+$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/** Parses a whole record body (create, update or upsert). */
export function parseRecordBody(
  spec: RecordTypeSpec,
  body: unknown,
  store: NetSuiteStore,
  nameValidation: PropertyNameValidation = 'Error',
): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new NetSuiteError('INVALID_CONTENT', 'The request body must be a JSON object.');
  }
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (ignoredKeys.has(key)) continue;
    const sublist = spec.sublists?.[key];
    if (sublist) {
      changes[key] = value === null ? null : parseSublist(key, sublist.fields, value, store, nameValidation);
      continue;
    }
    const field = spec.fields[key] ?? commonFields[key];
    if (!field) {
      if (nameValidation === 'Error') {
        throw new NetSuiteError('INVALID_CONTENT', `Invalid field '${key}' for record type ${spec.name}.`, { path: key });
      }
      continue;
    }
    if (field.readOnly) {
      throw new NetSuiteError('INVALID_CONTENT', `Field '${key}' is read-only and cannot be set.`, { path: key });
    }
    changes[key] = value === null ? null : parseValue(key, field, value, store);
  }
  if (typeof changes.externalId === 'string' && !externalIdPattern.test(changes.externalId)) {
    throw new NetSuiteError('INVALID_CONTENT', 'The external ID may contain only letters, digits, underscores, hyphens and periods.', { path: 'externalId' });
  }
  return changes;
}

function parseSublist(
  name: string,
  fields: Readonly<Record<string, FieldSpec>>,
  value: unknown,
  store: NetSuiteStore,
  nameValidation: PropertyNameValidation,
): SublistChange {
  const items = (value as { items?: unknown })?.items;
  if (typeof value !== 'object' || !Array.isArray(items)) {
    throw new NetSuiteError('INVALID_CONTENT', `Sublist '${name}' must be an object with an items array.`, { path: name });
  }
  return {
    items: items.map((line, index) => {
      if (typeof line !== 'object' || line === null) {
        throw new NetSuiteError('INVALID_CONTENT', `Line ${index + 1} of '${name}' must be an object.`, { path: `${name}.items[${index}]` });
      }
      const parsed: Record<string, unknown> = {};
      for (const [key, raw] of Object.entries(line)) {
        const path = `${name}.items[${index}].${key}`;
        if (key === 'line') {
          parsed.line = Number(raw);
          continue;
        }
        if (ignoredKeys.has(key)) continue;
        const field = fields[key];
        if (!field) {
          if (nameValidation === 'Error') throw new NetSuiteError('INVALID_CONTENT', `Invalid field '${key}' on sublist '${name}'.`, { path });
          continue;
        }
        if (field.readOnly) throw new NetSuiteError('INVALID_CONTENT', `Field '${key}' is read-only and cannot be set.`, { path });
        parsed[key] = raw === null ? null : parseValue(path, field, raw, store);
      }
      return parsed;
    }),
  };
}

/** Normalizes one value of a field; `path` names it in errors. */
export function parseValue(path: string, field: FieldSpec, value: unknown, store: NetSuiteStore): unknown {
  const invalid = (expected: string) =>
    new NetSuiteError('INVALID_CONTENT', `Invalid value for field '${path}': expected ${expected}.`, { path });
  switch (field.kind) {
    case 'string':
      if (typeof value !== 'string') throw invalid('a string');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw invalid('a boolean');
      return value;
    case 'date':
      if (typeof value !== 'string' || !datePattern.test(value.slice(0, 10)) || Number.isNaN(Date.parse(value.slice(0, 10)))) {
        throw invalid('a date YYYY-MM-DD');
      }
      return value.slice(0, 10);
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid('an integer');
      return value;
    case 'decimal':
      return parseDecimal(value, invalid);
    case 'timestamp':
      throw invalid('no value (read-only)');
    case 'select': {
      const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : value;
      if ((typeof id !== 'string' && typeof id !== 'number') || !field.options?.[String(id)]) {
        throw invalid(`one of ${Object.keys(field.options ?? {}).join(', ')}`);
      }
      return { id: String(id) };
    }
    case 'ref':
      return resolveReference(path, field.ref ?? [], value, store);
  }
}

function parseDecimal(value: unknown, invalid: (expected: string) => NetSuiteError): string {
  if (typeof value === 'number' && Number.isFinite(value)) return new SandboxDecimal(value).toString();
  if (typeof value === 'string') {
    const duration = /^(\d+):([0-5]\d)$/.exec(value);
    if (duration) return new SandboxDecimal(duration[1]!).plus(new SandboxDecimal(duration[2]!).div(60)).toString();
    if (/^-?\d+(\.\d+)?$/.test(value)) return new SandboxDecimal(value).toString();
  }
  throw invalid('a number');
}

/** Resolves `{ id }`, `{ externalId }`, `"eid:X"` or a bare id against the allowed target types. */
export function resolveReference(path: string, targets: readonly RecordTypeName[], value: unknown, store: NetSuiteStore): StoredRef {
  let id: string | undefined;
  let externalId: string | undefined;
  if (typeof value === 'string' || typeof value === 'number') {
    id = String(value);
  } else if (typeof value === 'object' && value !== null) {
    const ref = value as { id?: unknown; externalId?: unknown };
    if (typeof ref.id === 'string' || typeof ref.id === 'number') id = String(ref.id);
    else if (typeof ref.externalId === 'string') externalId = ref.externalId;
  }
  if (id?.startsWith('eid:')) {
    externalId = id.slice(4);
    id = undefined;
  }
  if (id === undefined && externalId === undefined) {
    throw new NetSuiteError('INVALID_CONTENT', `Invalid reference for field '${path}': expected { id } or { externalId }.`, { path });
  }
  for (const type of targets) {
    const found: StoredRecord | undefined = id !== undefined ? store.get(type, id) : store.findByExternalId(type, externalId!);
    if (found) return { id: found.id, type };
  }
  const shown = id !== undefined ? `id ${id}` : `external id ${externalId}`;
  throw new NetSuiteError(
    'INVALID_KEY_OR_REF',
    `Invalid '${path}' reference key ${shown}: no ${targets.join(' or ')} record has it.`,
    { path },
  );
}
