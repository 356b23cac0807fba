import { NetSuiteError } from '../errors.js';
import { dec } from '../money.js';
import { commonFields, type FieldSpec, type RecordTypeSpec, type StoredRecord } from '../records/field-spec.js';

/**
 * The `q` parameter of record collection reads: `field OPERATOR value` conditions joined with AND/OR
 * (AND binds tighter; parentheses allowed), values bare, quoted, or `[a, b]` lists.
 * Vendor doc: NetSuite Help "Record Collection Filtering".
 */

type Value = string | number | boolean;
type Condition = { field: string; operator: string; values: Value[] };
type Node = { and: Node[] } | { or: Node[] } | Condition;

const noValueOperators = new Set(['EMPTY', 'EMPTY_NOT']);
const knownOperators = new Set([
  'IS', 'IS_NOT', 'CONTAIN', 'CONTAIN_NOT', 'START_WITH', 'START_WITH_NOT', 'END_WITH', 'END_WITH_NOT', 'ANY_OF', 'ANY_OF_NOT',
  'EQUAL', 'EQUAL_NOT', 'GREATER', 'GREATER_OR_EQUAL', 'LESS', 'LESS_OR_EQUAL', 'BETWEEN', 'BETWEEN_NOT',
  'ON', 'ON_NOT', 'AFTER', 'ON_OR_AFTER', 'BEFORE', 'ON_OR_BEFORE', 'EMPTY', 'EMPTY_NOT',
]);

/** Parses `q` for a record type into a predicate; syntax errors are INVALID_PARAMETER (400). */
export function parseQ(spec: RecordTypeSpec, q: string): (record: StoredRecord) => boolean {
  const tokens = tokenize(q);
  let position = 0;
  const peek = () => tokens[position];
  const fail = (why: string): never => {
    throw new NetSuiteError('INVALID_PARAMETER', `Invalid search query: ${why}. Query: ${q}`, { path: 'q' });
  };
  const keyword = (word: string) => {
    const token = peek();
    return token?.kind === 'word' && token.text.toUpperCase() === word;
  };

  const parseValue = (): Value => {
    const token = tokens[position++] ?? fail('a value is missing');
    if (token.kind === 'string') return token.text;
    if (token.kind === 'word') {
      if (/^-?\d+(\.\d+)?$/.test(token.text)) return Number(token.text);
      if (token.text === 'true' || token.text === 'false') return token.text === 'true';
      return token.text;
    }
    return fail(`unexpected '${token.text}'`);
  };

  const parseCondition = (): Node => {
    if (peek()?.text === '(') {
      position++;
      const inner = parseOr();
      if (tokens[position++]?.text !== ')') fail('missing )');
      return inner;
    }
    const fieldToken = tokens[position++];
    if (fieldToken?.kind !== 'word') return fail('a field name is expected');
    const operator = tokens[position++]?.text.toUpperCase() ?? fail('an operator is missing');
    if (!knownOperators.has(operator)) fail(`unknown operator ${operator}`);
    const values: Value[] = [];
    if (!noValueOperators.has(operator)) {
      if (peek()?.text === '[') {
        position++;
        while (peek() && peek()?.text !== ']') {
          values.push(parseValue());
          if (peek()?.text === ',') position++;
        }
        if (tokens[position++]?.text !== ']') fail('missing ]');
      } else {
        values.push(parseValue());
      }
    }
    return { field: fieldToken.text, operator, values };
  };

  const parseAnd = (): Node => {
    const parts = [parseCondition()];
    while (keyword('AND')) {
      position++;
      parts.push(parseCondition());
    }
    return parts.length === 1 ? parts[0]! : { and: parts };
  };

  function parseOr(): Node {
    const parts = [parseAnd()];
    while (keyword('OR')) {
      position++;
      parts.push(parseAnd());
    }
    return parts.length === 1 ? parts[0]! : { or: parts };
  }

  const tree = parseOr();
  if (position < tokens.length) fail(`unexpected '${tokens[position]!.text}'`);
  const check = (node: Node): void => {
    if ('and' in node) node.and.forEach(check);
    else if ('or' in node) node.or.forEach(check);
    else if (node.field !== 'id' && !fieldSpecOf(spec, node.field)) fail(`unknown field ${node.field}`);
  };
  check(tree);
  return (record) => evaluate(spec, tree, record);
}

function tokenize(q: string): { kind: 'word' | 'string' | 'punct'; text: string }[] {
  const tokens: { kind: 'word' | 'string' | 'punct'; text: string }[] = [];
  const pattern = /\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([[\](),])|([^\s[\](),"']+))/gy;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(q)) !== null) {
    if (match[1] !== undefined || match[2] !== undefined) tokens.push({ kind: 'string', text: (match[1] ?? match[2])!.replace(/\\(.)/g, '$1') });
    else if (match[3] !== undefined) tokens.push({ kind: 'punct', text: match[3] });
    else if (match[4] !== undefined) tokens.push({ kind: 'word', text: match[4] });
    if (pattern.lastIndex >= q.length) break;
  }
  if (q.slice(pattern.lastIndex).trim() !== '') {
    throw new NetSuiteError('INVALID_PARAMETER', `Invalid search query: unterminated string. Query: ${q}`, { path: 'q' });
  }
  return tokens;
}

function fieldSpecOf(spec: RecordTypeSpec, name: string): [string, FieldSpec] | undefined {
  const all = { ...spec.fields, ...commonFields };
  const key = Object.keys(all).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key ? [key, all[key]!] : undefined;
}

function evaluate(spec: RecordTypeSpec, node: Node, record: StoredRecord): boolean {
  if ('and' in node) return node.and.every((child) => evaluate(spec, child, record));
  if ('or' in node) return node.or.some((child) => evaluate(spec, child, record));
  const [key, field] = node.field === 'id' ? ['id', { kind: 'integer' } as FieldSpec] : fieldSpecOf(spec, node.field)!;
  return compare(field, record[key], node.operator, node.values);
}

/** Plain comparable form of a stored value: ids for refs and selects, numbers, dates, text. */
function comparable(field: FieldSpec, value: unknown): string | number | boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (field.kind === 'ref' || field.kind === 'select') return (value as { id: string }).id;
  if (field.kind === 'decimal' || field.kind === 'integer') return dec(value).toNumber();
  return value as string | boolean;
}

/** Dates in q: YYYY-MM-DD, M/D/YYYY or an ISO instant. */
function parseDateValue(value: Value): string {
  const text = String(value);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (us) return `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}`;
  return text;
}

function compare(field: FieldSpec, stored: unknown, operator: string, values: Value[]): boolean {
  const actual = comparable(field, stored);
  const negate = operator.endsWith('_NOT') && operator !== 'EMPTY_NOT';
  const base = negate ? operator.slice(0, -4) : operator;
  const result = ((): boolean => {
    if (base === 'EMPTY') return actual === undefined;
    if (operator === 'EMPTY_NOT') return actual !== undefined;
    if (actual === undefined) return false;
    if (field.kind === 'date' || field.kind === 'timestamp') return compareDates(String(actual), base, values.map(parseDateValue));
    const first = values[0];
    const text = String(actual).toLowerCase();
    switch (base) {
      case 'IS':
      case 'EQUAL':
        return typeof actual === 'number' ? actual === Number(first) : text === String(first).toLowerCase();
      case 'ANY_OF':
        return values.some((value) => String(value).toLowerCase() === text);
      case 'CONTAIN':
        return text.includes(String(first).toLowerCase());
      case 'START_WITH':
        return text.startsWith(String(first).toLowerCase());
      case 'END_WITH':
        return text.endsWith(String(first).toLowerCase());
      case 'GREATER':
        return Number(actual) > Number(first);
      case 'GREATER_OR_EQUAL':
        return Number(actual) >= Number(first);
      case 'LESS':
        return Number(actual) < Number(first);
      case 'LESS_OR_EQUAL':
        return Number(actual) <= Number(first);
      case 'BETWEEN':
        return Number(actual) >= Number(values[0]) && Number(actual) <= Number(values[1]);
      default:
        return false;
    }
  })();
  return negate ? !result : result;
}

/** Date operators compare whole days unless the value carries a time (then instants). */
function compareDates(actual: string, operator: string, values: string[]): boolean {
  const order = (value: string): number => {
    if (value.length > 10) return Math.sign(Date.parse(actual) - Date.parse(value));
    const day = actual.slice(0, 10);
    return day === value ? 0 : day < value ? -1 : 1;
  };
  const [first = '', second = ''] = values;
  switch (operator) {
    case 'ON':
    case 'IS':
    case 'EQUAL':
      return order(first) === 0;
    case 'AFTER':
    case 'GREATER':
      return order(first) > 0;
    case 'ON_OR_AFTER':
    case 'GREATER_OR_EQUAL':
      return order(first) >= 0;
    case 'BEFORE':
    case 'LESS':
      return order(first) < 0;
    case 'ON_OR_BEFORE':
    case 'LESS_OR_EQUAL':
      return order(first) <= 0;
    case 'BETWEEN':
      return order(first) >= 0 && order(second) <= 0;
    default:
      return false;
  }
}
