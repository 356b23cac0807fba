import { NetSuiteError } from '../errors.js';
import { dec } from '../money.js';
import { commonFields, recordTypeNames, type FieldSpec, type RecordTypeName, type StoredRecord } from '../records/field-spec.js';
import { recordTypes } from '../records/record-types.js';
import type { NetSuiteStore } from '../store.js';
import { parseSuiteQl, type SqlCondition, type SqlOperand, type SqlQuery } from './suiteql-parser.js';

/**
 * Runs the SuiteQL subset over the sandbox's records. Tables are the record names in lower case
 * (`customer`, `job`, `timebill`, `invoice`, ...) plus `transaction` (invoices `CustInvc` and payments
 * `CustPymt`, with a `type` column). Columns are lower-case field names; references and selects
 * give the internal id; booleans are 'T'/'F'; dates render M/D/YYYY (use TO_CHAR for instants);
 * every value goes out as a string, numbers and aggregates too, as NetSuite answers SuiteQL over REST;
 * null columns are left out of a row, as NetSuite does. Sublists are not queryable.
 */

type Cell = { field: FieldSpec; raw: unknown };
interface Row {
  has(column: string): boolean;
  get(column: string): Cell | undefined;
  keys(): Iterable<string>;
}
type Typed = { type: 'date' | 'number' | 'string'; value: number | string } | null;

const idField: FieldSpec = { kind: 'integer' };
const typeField: FieldSpec = { kind: 'string' };
const transactionTypes: Partial<Record<RecordTypeName, string>> = { invoice: 'CustInvc', customerPayment: 'CustPymt' };

/** Runs `sql` and returns all matching rows (already projected and ordered). */
export function runSuiteQl(store: NetSuiteStore, sql: string): Record<string, unknown>[] {
  const query = parseSuiteQl(sql);
  const rows = tableRows(store, query.table);
  const matching = query.where ? rows.filter((row) => test(query.where!, row)) : rows;
  if (query.groupBy.length > 0 || (query.select !== '*' && query.select.some((item) => item.operand.kind === 'aggregate'))) {
    return aggregate(query, matching);
  }
  sortRows(matching, query);
  return matching.map((row) => project(query, row));
}

/** GROUP BY and aggregates: one output row per group (one group of all rows without GROUP BY). */
function aggregate(query: SqlQuery, rows: Row[]): Record<string, unknown>[] {
  if (query.select === '*') fail('SELECT * cannot be used with GROUP BY');
  const select = query.select;
  for (const item of select) {
    const column = item.operand.kind === 'column' ? item.operand.name : item.operand.kind === 'toChar' ? item.operand.column : undefined;
    if (column !== undefined && !query.groupBy.includes(column)) fail(`'${column}' must appear in the GROUP BY clause`);
  }
  const groups = new Map<string, Row[]>();
  if (query.groupBy.length === 0) groups.set('', rows);
  for (const row of query.groupBy.length > 0 ? rows : []) {
    const key = JSON.stringify(query.groupBy.map((column) => operandTyped({ kind: 'column', name: column }, row)));
    const members = groups.get(key);
    if (members) members.push(row);
    else groups.set(key, [row]);
  }
  const results = [...groups.values()].map((members) => {
    const out: Record<string, unknown> = { links: [] };
    const keys = new Map<string, Typed>();
    for (const { name, operand } of select) {
      const typed = operand.kind === 'aggregate' ? aggregateOf(operand, members) : operandTyped(operand, members[0]!);
      keys.set(name, typed);
      const value = operand.kind === 'column' ? renderCell(members[0]!.get(operand.name) ?? failColumn(operand.name))
        : typed?.type === 'date' ? usDate(Number(typed.value)) : wireValue(typed);
      if (value !== undefined && value !== null) out[name] = value;
    }
    return { out, keys };
  });
  if (query.orderBy.length > 0) {
    results.sort((a, b) => {
      for (const { name, descending } of query.orderBy) {
        const left = a.keys.get(name) ?? null;
        const right = b.keys.get(name) ?? null;
        const result = left === null && right === null ? 0 : left === null ? 1 : right === null ? -1 : order(left, right)!;
        if (result !== 0) return descending ? -result : result;
      }
      return 0;
    });
  }
  return results.map(({ out }) => out);
}

function aggregateOf(operand: Extract<SqlOperand, { kind: 'aggregate' }>, rows: Row[]): Typed {
  if (operand.column === undefined) return { type: 'number', value: rows.length };
  const values = rows.map((row) => operandTyped({ kind: 'column', name: operand.column! }, row)).filter((value) => value !== null);
  switch (operand.fn) {
    case 'COUNT':
      return { type: 'number', value: values.length };
    case 'SUM':
      return values.length === 0 ? null : { type: 'number', value: values.reduce((sum, value) => sum.plus(dec(value!.value)), dec(0)).toNumber() };
    default: {
      const sign = operand.fn === 'MIN' ? -1 : 1;
      return values.reduce<Typed>((best, value) => (best === null || order(value, best)! * sign > 0 ? value : best), null);
    }
  }
}

function fail(why: string): never {
  throw new NetSuiteError('INVALID_PARAMETER', `Invalid search query. Search error occurred: ${why}.`, { path: 'q' });
}

function tableRows(store: NetSuiteStore, table: string): Row[] {
  if (table === 'transaction') {
    return (['invoice', 'customerPayment'] as const).flatMap((type) => store.list(type).map((record) => toRow(type, record)));
  }
  const type = recordTypeNames.find((name) => name.toLowerCase() === table);
  if (!type) {
    throw new NetSuiteError('INVALID_PARAMETER', `Invalid search query. Search error occurred: Record '${table}' was not found.`, { path: 'q' });
  }
  return store.list(type).map((record) => toRow(type, record));
}

/** How a column reads its value from a stored record. */
interface ColumnSource {
  field: FieldSpec;
  read(record: StoredRecord): unknown;
}

/** Per record type, the columns (computed once); rows read cells lazily to keep big scans cheap. */
const columnsByType = new Map<RecordTypeName, Map<string, ColumnSource>>();

function columnsOf(type: RecordTypeName): Map<string, ColumnSource> {
  let columns = columnsByType.get(type);
  if (columns) return columns;
  columns = new Map<string, ColumnSource>([['id', { field: idField, read: (record) => record.id }]]);
  for (const [name, field] of Object.entries({ ...commonFields, ...recordTypes[type].fields })) {
    columns.set(name.toLowerCase(), { field, read: (record) => record[name] });
  }
  const transactionType = transactionTypes[type];
  if (transactionType) {
    columns.set('type', { field: typeField, read: () => transactionType });
    if (type === 'customerPayment') columns.set('entity', columns.get('customer')!);
    columns.set('foreigntotal', columns.get(type === 'invoice' ? 'total' : 'payment')!);
  }
  columnsByType.set(type, columns);
  return columns;
}

function toRow(type: RecordTypeName, record: StoredRecord): Row {
  const columns = columnsOf(type);
  return {
    has: (name) => columns.has(name),
    keys: () => columns.keys(),
    get(name) {
      const column = columns.get(name);
      return column ? { field: column.field, raw: column.read(record) } : undefined;
    },
  };
}

function cellTyped(cell: Cell | undefined): Typed {
  if (!cell || cell.raw === undefined || cell.raw === null || cell.raw === '') return null;
  const { field, raw } = cell;
  switch (field.kind) {
    case 'date':
    case 'timestamp':
      return { type: 'date', value: Date.parse(String(raw)) };
    case 'decimal':
    case 'integer':
      return { type: 'number', value: dec(raw).toNumber() };
    case 'ref':
    case 'select':
      return { type: 'string', value: (raw as { id: string }).id };
    case 'boolean':
      return { type: 'string', value: raw ? 'T' : 'F' };
    default:
      return { type: 'string', value: String(raw) };
  }
}

function operandTyped(operand: SqlOperand, row: Row): Typed {
  switch (operand.kind) {
    case 'column': {
      if (!row.has(operand.name)) {
        throw new NetSuiteError('INVALID_PARAMETER', `Invalid search query. Search error occurred: Field '${operand.name}' was not found.`, { path: 'q' });
      }
      return cellTyped(row.get(operand.name));
    }
    case 'literal':
      return typeof operand.value === 'number' ? { type: 'number', value: operand.value } : { type: 'string', value: operand.value };
    case 'toDate':
      return { type: 'date', value: parseWithFormat(operand.text, operand.format) };
    case 'toChar': {
      const typed = cellTyped(row.get(operand.column));
      return typed === null ? null : { type: 'string', value: typed.type === 'date' ? formatWith(Number(typed.value), operand.format) : String(typed.value) };
    }
    case 'aggregate':
      return fail('aggregate functions are allowed only in the select list');
  }
}

/** -1/0/1, coercing a string to a date or number when the other side is one; null when either is null. */
function order(a: Typed, b: Typed): number | null {
  if (a === null || b === null) return null;
  if (a.type === 'date' || b.type === 'date') {
    const left = a.type === 'date' ? Number(a.value) : looseDate(String(a.value));
    const right = b.type === 'date' ? Number(b.value) : looseDate(String(b.value));
    return Math.sign(left - right);
  }
  if ((a.type === 'number' || b.type === 'number') && !Number.isNaN(Number(a.value)) && !Number.isNaN(Number(b.value))) {
    return Math.sign(Number(a.value) - Number(b.value));
  }
  return a.value === b.value ? 0 : String(a.value) < String(b.value) ? -1 : 1;
}

function test(condition: SqlCondition, row: Row): boolean {
  switch (condition.kind) {
    case 'and':
      return condition.parts.every((part) => test(part, row));
    case 'or':
      return condition.parts.some((part) => test(part, row));
    case 'not':
      return !test(condition.inner, row);
    case 'isNull':
      return (operandTyped(condition.left, row) === null) !== condition.negate;
    case 'in': {
      const left = operandTyped(condition.left, row);
      if (left === null) return false;
      return condition.values.some((value) => order(left, operandTyped(value, row)) === 0) !== condition.negate;
    }
    case 'like': {
      const left = operandTyped(condition.left, row);
      if (left === null) return false;
      const regex = new RegExp(`^${condition.pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`, 's');
      return regex.test(String(left.value)) !== condition.negate;
    }
    case 'between': {
      const left = operandTyped(condition.left, row);
      const low = order(left, operandTyped(condition.low, row));
      const high = order(left, operandTyped(condition.high, row));
      if (low === null || high === null) return false;
      return (low >= 0 && high <= 0) !== condition.negate;
    }
    case 'compare': {
      const result = order(operandTyped(condition.left, row), operandTyped(condition.right, row));
      if (result === null) return false;
      switch (condition.operator) {
        case '=': return result === 0;
        case '!=': return result !== 0;
        case '<': return result < 0;
        case '<=': return result <= 0;
        case '>': return result > 0;
        default: return result >= 0;
      }
    }
  }
}

function sortRows(rows: Row[], query: SqlQuery): void {
  if (query.orderBy.length === 0) return;
  const source = (name: string): SqlOperand => {
    const item = query.select === '*' ? undefined : query.select.find((selected) => selected.name === name);
    return item?.operand ?? { kind: 'column', name };
  };
  const operands = query.orderBy.map(({ name }) => source(name));
  // Sort keys are computed once per row, not per comparison.
  const keyed = rows.map((row) => ({ row, keys: operands.map((operand) => operandTyped(operand, row)) }));
  keyed.sort((a, b) => {
    for (const [index, { descending }] of query.orderBy.entries()) {
      const left = a.keys[index]!;
      const right = b.keys[index]!;
      // Oracle puts nulls last when ascending, first when descending.
      const result = left === null && right === null ? 0 : left === null ? 1 : right === null ? -1 : order(left, right)!;
      if (result !== 0) return descending ? -result : result;
    }
    return 0;
  });
  keyed.forEach(({ row }, index) => (rows[index] = row));
}

function project(query: SqlQuery, row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = { links: [] };
  const items = query.select === '*'
    ? [...row.keys()].map((name) => ({ name, operand: { kind: 'column', name } as SqlOperand }))
    : query.select;
  for (const { name, operand } of items) {
    const value = operand.kind === 'column' ? renderCell(row.get(operand.name) ?? failColumn(operand.name)) : wireValue(operandTyped(operand, row));
    if (value !== undefined && value !== null) out[name] = value;
  }
  return out;
}

function failColumn(name: string): never {
  throw new NetSuiteError('INVALID_PARAMETER', `Invalid search query. Search error occurred: Field '${name}' was not found.`, { path: 'q' });
}

function renderCell(cell: Cell): unknown {
  const typed = cellTyped(cell);
  if (typed === null) return undefined;
  // Internal ids come back as strings, like reference columns.
  if (cell.field === idField) return String(typed.value);
  if (cell.field.kind === 'date' || cell.field.kind === 'timestamp') return usDate(Number(typed.value));
  return wireValue(typed);
}

/** A computed value as SuiteQL over REST sends it: a string (numbers included). */
function wireValue(typed: Typed): string | undefined {
  return typed === null ? undefined : String(typed.value);
}

/** NetSuite's default date format, M/D/YYYY (UTC). */
function usDate(epochMs: number): string {
  const date = new Date(epochMs);
  return `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()}`;
}

const formatTokens = /YYYY|MM|DD|HH24|HH|MI|SS|"[^"]*"/g;

/** TO_DATE: parses `text` by an Oracle-style format (YYYY, MM, DD, HH24, MI, SS). */
function parseWithFormat(text: string, format: string): number {
  const parts: Record<string, number> = { YYYY: 1970, MM: 1, DD: 1, HH24: 0, HH: 0, MI: 0, SS: 0 };
  const names: string[] = [];
  const pattern = format.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(formatTokens, (token) => {
    if (token.startsWith('"')) return token.slice(1, -1);
    names.push(token);
    return token === 'YYYY' ? '(\\d{4})' : '(\\d{1,2})';
  });
  const match = new RegExp(`^${pattern}$`).exec(text.trim());
  if (!match) {
    throw new NetSuiteError('INVALID_PARAMETER', `Invalid search query. Search error occurred: '${text}' does not match the date format '${format}'.`, { path: 'q' });
  }
  names.forEach((name, index) => (parts[name] = Number(match[index + 1])));
  return Date.UTC(parts.YYYY!, parts.MM! - 1, parts.DD!, parts.HH24 || parts.HH!, parts.MI!, parts.SS!);
}

/** TO_CHAR for dates and instants (UTC). */
function formatWith(epochMs: number, format: string): string {
  const date = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  const values: Record<string, string> = {
    YYYY: String(date.getUTCFullYear()), MM: pad(date.getUTCMonth() + 1), DD: pad(date.getUTCDate()),
    HH24: pad(date.getUTCHours()), HH: pad(date.getUTCHours() % 12 || 12), MI: pad(date.getUTCMinutes()), SS: pad(date.getUTCSeconds()),
  };
  return format.replace(formatTokens, (token) => (token.startsWith('"') ? token.slice(1, -1) : values[token]!));
}

/** A date literal compared with a date column: YYYY-MM-DD, M/D/YYYY or an ISO instant. */
function looseDate(text: string): number {
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const parsed = us ? Date.UTC(Number(us[3]), Number(us[1]) - 1, Number(us[2])) : Date.parse(text);
  if (Number.isNaN(parsed)) {
    throw new NetSuiteError('INVALID_PARAMETER', `Invalid search query. Search error occurred: '${text}' is not a date.`, { path: 'q' });
  }
  return parsed;
}
