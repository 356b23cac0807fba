/**
 * Runs a parsed SOQL query over the store: checks object and field names and literal types the way
 * Salesforce does (INVALID_TYPE, INVALID_FIELD, INVALID_QUERY_FILTER_OPERATOR), refuses filtering or
 * sorting on fields that do not allow it (field history `OldValue`/`NewValue`), filters, sorts,
 * applies OFFSET/LIMIT and projects records with their `attributes`.
 */
import { sfError } from '../errors.js';
import { normalizeId } from '../ids.js';
import { findField, findObject } from '../metadata/catalog.js';
import type { FieldMeta, ObjectMeta } from '../metadata/types.js';
import type { SfRecord } from '../rules.js';
import type { SalesforceStore } from '../store.js';
import { parseDate, parseDatetime, type FieldValue } from '../values.js';
import type { SoqlCondition, SoqlQuery, SoqlValue } from './ast.js';
import { dateLiteralRange } from './date-literals.js';

/** A record as a query returns it. */
export type QueryRecord = { attributes: { type: string; url: string } } & Record<string, unknown>;

/** The full (unpaged) result of a query. */
export interface QueryResult {
  object: ObjectMeta;
  totalSize: number;
  records: QueryRecord[];
}

type Kind = 'text' | 'number' | 'boolean' | 'date' | 'datetime';
const kindOf = (field: FieldMeta): Kind => {
  switch (field.type) {
    case 'double': case 'currency': case 'percent': case 'int': return 'number';
    case 'boolean': return 'boolean';
    case 'date': return 'date';
    case 'datetime': return 'datetime';
    default: return 'text';
  }
};
const isIdField = (field: FieldMeta) => field.type === 'id' || field.type === 'reference';

/** Runs `query` against `store` at sandbox time `now`. */
export function executeSoql(query: SoqlQuery, options: { store: SalesforceStore; now: Date; includeDeleted: boolean; version: string }): QueryResult {
  const found = findObject(query.from);
  // A history object exists in the org only while its parent has field history tracking.
  const object = found && options.store.hasObject(found) ? found : undefined;
  if (!object) {
    throw sfError(400, 'INVALID_TYPE', `\n${query.from}\nsObject type '${query.from}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`);
  }
  const resolve = (name: string): FieldMeta => {
    if (name.includes('.')) throw sfError(400, 'INVALID_FIELD', `Didn't understand relationship '${name.split('.')[0]}' in field path. The sandbox supports relationship-free queries only.`);
    const field = findField(object, name);
    if (!field) {
      throw sfError(400, 'INVALID_FIELD', `No such column '${name}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`);
    }
    return field;
  };
  const filterable = (name: string): FieldMeta => {
    const field = resolve(name);
    if (field.filterable === false) throw sfError(400, 'INVALID_FIELD', `field '${field.name}' can not be filtered in a query call`);
    return field;
  };
  const sortable = (name: string): FieldMeta => {
    const field = resolve(name);
    if (field.sortable === false) throw sfError(400, 'INVALID_FIELD', `field '${field.name}' can not be sorted in a query call`);
    return field;
  };
  const selected = [...new Map(query.fields.map((name) => resolve(name)).map((f) => [f.name, f])).values()];
  const predicate = query.where ? compile(query.where, filterable, options.now) : () => true;
  const order = query.orderBy.map((o) => ({ ...o, field: sortable(o.field) }));

  let rows = options.store.list(object, options.includeDeleted).filter(predicate);
  if (order.length > 0) {
    rows = [...rows].sort((a, b) => {
      for (const o of order) {
        const c = compareForSort(a[o.field.name] ?? null, b[o.field.name] ?? null, o.nulls);
        if (c !== 0) return o.direction === 'ASC' || (a[o.field.name] ?? null) === null || (b[o.field.name] ?? null) === null ? c : -c;
      }
      return 0;
    });
  }
  const totalSize = rows.length;
  const offset = query.offset ?? 0;
  rows = rows.slice(offset, query.limit === undefined ? undefined : offset + query.limit);
  if (query.count) return { object, totalSize: Math.min(totalSize, query.limit ?? Infinity), records: [] };
  const records = rows.map((row) => project(object, row, selected, options.version));
  return { object, totalSize: records.length, records };
}

/** A stored record in a query's shape. */
export function project(object: ObjectMeta, row: SfRecord, fields: FieldMeta[], version: string): QueryRecord {
  const out: QueryRecord = { attributes: { type: object.name, url: `/services/data/v${version}/sobjects/${object.name}/${String(row.Id)}` } };
  for (const f of fields) out[f.name] = row[f.name] ?? null;
  return out;
}

function compareForSort(a: FieldValue, b: FieldValue, nulls: 'FIRST' | 'LAST'): number {
  if (a === null && b === null) return 0;
  if (a === null) return nulls === 'FIRST' ? -1 : 1;
  if (b === null) return nulls === 'FIRST' ? 1 : -1;
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

type Predicate = (row: SfRecord) => boolean;

function compile(condition: SoqlCondition, resolve: (name: string) => FieldMeta, now: Date): Predicate {
  switch (condition.kind) {
    case 'and': {
      const parts = condition.operands.map((c) => compile(c, resolve, now));
      return (row) => parts.every((p) => p(row));
    }
    case 'or': {
      const parts = condition.operands.map((c) => compile(c, resolve, now));
      return (row) => parts.some((p) => p(row));
    }
    case 'not': {
      const inner = compile(condition.operand, resolve, now);
      return (row) => !inner(row);
    }
    case 'like': {
      const field = resolve(condition.field);
      if (kindOf(field) !== 'text') throw sfError(400, 'INVALID_QUERY_FILTER_OPERATOR', `invalid operator on ${field.type} field: ${field.name} LIKE`);
      const regex = likeToRegex(condition.pattern);
      return (row) => {
        const v = row[field.name];
        return typeof v === 'string' && regex.test(v);
      };
    }
    case 'in': {
      const field = resolve(condition.field);
      const tests = condition.values.map((v) => comparison(field, '=', v, now));
      return (row) => tests.some((t) => t(row)) !== condition.negated;
    }
    case 'compare':
      return comparison(resolve(condition.field), condition.op, condition.value, now);
  }
}

function likeToRegex(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const ch = pattern[i]!;
    if (ch === '\\' && (pattern[i + 1] === '%' || pattern[i + 1] === '_')) {
      source += `\\${pattern[i + 1]}`;
      i += 1;
    } else if (ch === '%') source += '.*';
    else if (ch === '_') source += '.';
    else source += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'is');
}

const typeError = (field: FieldMeta, expected: string) =>
  sfError(400, 'INVALID_QUERY_FILTER_OPERATOR', `value of filter criterion for field '${field.name}' must be of type ${expected} and should not be enclosed in quotes`);

function comparison(field: FieldMeta, op: '=' | '!=' | '<' | '<=' | '>' | '>=', value: SoqlValue, now: Date): Predicate {
  const kind = kindOf(field);
  const name = field.name;
  if (value.kind === 'null') {
    if (op !== '=' && op !== '!=') throw sfError(400, 'INVALID_QUERY_FILTER_OPERATOR', `invalid operator on null value: ${op}`);
    return op === '=' ? (row) => (row[name] ?? null) === null : (row) => (row[name] ?? null) !== null;
  }
  if (value.kind === 'dateLiteral') {
    if (kind !== 'date' && kind !== 'datetime') throw typeError(field, field.type);
    const [start, end] = dateLiteralRange(value.name, value.n, now);
    const at = (row: SfRecord) => {
      const v = row[name];
      if (typeof v !== 'string') return undefined;
      return kind === 'date' ? parseDate(v) : parseDatetime(v);
    };
    const test: Record<typeof op, (ms: number) => boolean> = {
      '=': (ms) => ms >= start && ms < end,
      '!=': (ms) => ms < start || ms >= end,
      '<': (ms) => ms < start,
      '<=': (ms) => ms < end,
      '>': (ms) => ms >= end,
      '>=': (ms) => ms >= start,
    };
    return (row) => {
      const ms = at(row);
      return ms === undefined ? op === '!=' : test[op](ms);
    };
  }
  let target: string | number | boolean;
  let read: (v: FieldValue) => string | number | boolean | null;
  switch (kind) {
    case 'text': {
      if (value.kind !== 'string') throw typeError(field, field.type);
      const normalized = isIdField(field) ? normalizeId(value.value) ?? value.value : value.value;
      target = normalized.toLowerCase();
      read = (v) => (v === null ? null : String(v).toLowerCase());
      break;
    }
    case 'number':
      if (value.kind !== 'number') throw typeError(field, field.type);
      target = value.value;
      read = (v) => (v === null ? null : Number(v));
      break;
    case 'boolean':
      if (value.kind !== 'boolean') throw typeError(field, 'boolean');
      if (op !== '=' && op !== '!=') throw sfError(400, 'INVALID_QUERY_FILTER_OPERATOR', `invalid operator on boolean field: ${name} ${op}`);
      target = value.value;
      read = (v) => v === true;
      break;
    case 'date':
      if (value.kind !== 'date') throw typeError(field, 'date');
      target = parseDate(value.value);
      read = (v) => (typeof v === 'string' ? parseDate(v) : null);
      break;
    case 'datetime':
      if (value.kind !== 'datetime') throw typeError(field, 'datetime');
      target = parseDatetime(value.value);
      read = (v) => (typeof v === 'string' ? parseDatetime(v) : null);
      break;
  }
  return (row) => {
    const v = read(row[name] ?? null);
    if (v === null) return op === '!=';
    switch (op) {
      case '=': return v === target;
      case '!=': return v !== target;
      case '<': return v < target;
      case '<=': return v <= target;
      case '>': return v > target;
      case '>=': return v >= target;
    }
  };
}
