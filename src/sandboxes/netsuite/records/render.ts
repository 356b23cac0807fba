import type { FieldSpec, RecordTypeSpec, StoredLine, StoredRecord, StoredRef } from './field-spec.js';
import { commonFields } from './field-spec.js';
import { findRecordType } from './record-types.js';
import type { NetSuiteStore } from '../store.js';

/**
 * Renders stored records as NetSuite's REST record API shows them: `links`, references as
 * `{ id, refName, links }`, selects as `{ id, refName }`, money and quantities as JSON numbers,
 * timestamps to the second, sublists as links unless `expandSubResources=true`.
 */

/** The record API root under a base URL. */
export function recordApiRoot(baseUrl: string): string {
  return `${baseUrl}/services/rest/record/v1`;
}

/** A `links` array with one self link. */
export function selfLinks(href: string): { rel: string; href: string }[] {
  return [{ rel: 'self', href }];
}

/** How a read is shaped (`?fields=`, `?expandSubResources=`). */
export interface RenderOptions {
  fields?: ReadonlySet<string>;
  expandSubResources?: boolean;
}

/** One record as the API returns it. */
export function renderRecord(
  spec: RecordTypeSpec,
  record: StoredRecord,
  store: NetSuiteStore,
  baseUrl: string,
  options: RenderOptions = {},
): Record<string, unknown> {
  const self = `${recordApiRoot(baseUrl)}/${spec.name}/${record.id}`;
  const out: Record<string, unknown> = { links: selfLinks(self) };
  const wanted = (name: string) => !options.fields || options.fields.has(name);
  for (const [name, value] of Object.entries(record)) {
    if (name === 'id' || !wanted(name)) continue;
    const sublist = spec.sublists?.[name];
    if (sublist) {
      out[name] = options.expandSubResources
        ? renderSublist(sublist.fields, (value as { items: StoredLine[] }).items, `${self}/${name}`, store, baseUrl)
        : { links: selfLinks(`${self}/${name}`) };
      continue;
    }
    const field = spec.fields[name] ?? commonFields[name];
    if (field) out[name] = renderValue(field, value, store, baseUrl);
  }
  // A checkbox always has a value in NetSuite: one never set reads false (NetSuite Help "Getting a Record Instance").
  for (const [name, field] of Object.entries(spec.fields)) {
    if (field.kind === 'boolean' && !(name in out) && wanted(name)) out[name] = false;
  }
  out.id = record.id;
  return out;
}

/** A sublist with its lines (`GET /invoice/5/item` or an expanded read). */
export function renderSublist(
  fields: Readonly<Record<string, FieldSpec>>,
  lines: StoredLine[],
  href: string,
  store: NetSuiteStore,
  baseUrl: string,
): Record<string, unknown> {
  const items = lines.map((line) => {
    const out: Record<string, unknown> = { links: [] };
    for (const [name, value] of Object.entries(line)) {
      const field = fields[name];
      if (name === 'line') out.line = value;
      else if (field) out[name] = renderValue(field, value, store, baseUrl);
    }
    return out;
  });
  return { links: selfLinks(href), count: items.length, hasMore: false, items, offset: 0, totalResults: items.length };
}

/** One field value on the wire. */
export function renderValue(field: FieldSpec, value: unknown, store: NetSuiteStore, baseUrl: string): unknown {
  switch (field.kind) {
    case 'decimal':
      return Number(value);
    case 'timestamp':
      return typeof value === 'string' ? value.replace(/\.\d{3}Z$/, 'Z') : value;
    case 'select': {
      const id = (value as { id: string }).id;
      return { id, refName: field.options?.[id] ?? id };
    }
    case 'ref': {
      const { id, type } = value as StoredRef;
      const target = store.get(type, id);
      const spec = findRecordType(type);
      const ref: Record<string, unknown> = { links: selfLinks(`${recordApiRoot(baseUrl)}/${type}/${id}`), id };
      if (target && spec) ref.refName = spec.refName(target);
      return ref;
    }
    default:
      return value;
  }
}
