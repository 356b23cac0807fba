import { NetSuiteError } from '../errors.js';

/**
 * The SuiteQL subset the sandbox understands, parsed into a small syntax tree:
 * `SELECT cols | * FROM table [alias] [WHERE ...] [ORDER BY col [ASC|DESC], ...]` with comparisons,
 * AND/OR/NOT, IN, LIKE, IS [NOT] NULL, BETWEEN, TO_DATE(s, fmt), TO_CHAR(col, fmt), and
 * COUNT(*) / COUNT(col) / SUM / MIN / MAX with an optional GROUP BY.
 * Vendor doc: NetSuite Help "SuiteQL Syntax and Examples".
 */

/** An operand in a WHERE clause or select list. */
export type SqlOperand =
  | { kind: 'column'; name: string }
  | { kind: 'literal'; value: string | number }
  | { kind: 'toDate'; text: string; format: string }
  | { kind: 'toChar'; column: string; format: string }
  | { kind: 'aggregate'; fn: 'COUNT' | 'SUM' | 'MIN' | 'MAX'; column?: string };

/** A WHERE condition. */
export type SqlCondition =
  | { kind: 'and' | 'or'; parts: SqlCondition[] }
  | { kind: 'not'; inner: SqlCondition }
  | { kind: 'compare'; left: SqlOperand; operator: string; right: SqlOperand }
  | { kind: 'in'; left: SqlOperand; values: SqlOperand[]; negate: boolean }
  | { kind: 'like'; left: SqlOperand; pattern: string; negate: boolean }
  | { kind: 'isNull'; left: SqlOperand; negate: boolean }
  | { kind: 'between'; left: SqlOperand; low: SqlOperand; high: SqlOperand; negate: boolean };

/** One selected column. */
export interface SqlSelectItem {
  operand: SqlOperand;
  /** Output name (lower-case): the alias or the column name. */
  name: string;
}

/** A parsed query. */
export interface SqlQuery {
  select: SqlSelectItem[] | '*';
  table: string;
  where?: SqlCondition;
  /** GROUP BY columns (lower case); empty without GROUP BY. */
  groupBy: string[];
  orderBy: { name: string; descending: boolean }[];
}

interface Token {
  kind: 'ident' | 'string' | 'number' | 'symbol';
  text: string;
}

/** Parses a SuiteQL statement; anything outside the subset is a 400 INVALID_PARAMETER. */
export function parseSuiteQl(sql: string): SqlQuery {
  const tokens = tokenize(sql);
  let position = 0;
  const fail = (why: string): never => {
    throw new NetSuiteError('INVALID_PARAMETER', `Invalid search query. Search error occurred: ${why}.`, { path: 'q' });
  };
  const peek = (offset = 0) => tokens[position + offset];
  const isWord = (word: string, offset = 0) => peek(offset)?.kind === 'ident' && peek(offset)!.text.toUpperCase() === word;
  const acceptWord = (word: string) => (isWord(word) ? (position++, true) : false);
  const expectWord = (word: string) => {
    if (!acceptWord(word)) fail(`expected ${word} near '${peek()?.text ?? 'end of query'}'`);
  };
  const acceptSymbol = (symbol: string) => (peek()?.kind === 'symbol' && peek()!.text === symbol ? (position++, true) : false);
  const expectSymbol = (symbol: string) => {
    if (!acceptSymbol(symbol)) fail(`expected '${symbol}' near '${peek()?.text ?? 'end of query'}'`);
  };
  const stringLiteral = (): string => {
    const token = tokens[position++];
    if (token?.kind !== 'string') return fail('a string literal is expected');
    return token.text;
  };
  const columnName = (): string => {
    const token = tokens[position++];
    if (token?.kind !== 'ident') return fail(`a column name is expected near '${token?.text ?? 'end of query'}'`);
    return token.text.toLowerCase().split('.').pop()!;
  };

  const operand = (): SqlOperand => {
    const token = peek() ?? fail('unexpected end of query');
    if (token.kind === 'string') return (position++, { kind: 'literal', value: token.text });
    if (token.kind === 'number') return (position++, { kind: 'literal', value: Number(token.text) });
    if (token.kind === 'symbol' && token.text === '-' && peek(1)?.kind === 'number') {
      position += 2;
      return { kind: 'literal', value: -Number(peek(-1)!.text) };
    }
    if (isWord('TO_DATE') && peek(1)?.text === '(') {
      position += 2;
      const text = stringLiteral();
      const format = acceptSymbol(',') ? stringLiteral() : 'YYYY-MM-DD';
      expectSymbol(')');
      return { kind: 'toDate', text, format };
    }
    const aggregate = ['COUNT', 'SUM', 'MIN', 'MAX'].find((fn) => isWord(fn) && peek(1)?.text === '(');
    if (aggregate) {
      position += 2;
      const fn = aggregate as 'COUNT' | 'SUM' | 'MIN' | 'MAX';
      if (fn === 'COUNT' && acceptSymbol('*')) {
        expectSymbol(')');
        return { kind: 'aggregate', fn };
      }
      const column = columnName();
      expectSymbol(')');
      return { kind: 'aggregate', fn, column };
    }
    if (isWord('TO_CHAR') && peek(1)?.text === '(') {
      position += 2;
      const column = columnName();
      expectSymbol(',');
      const format = stringLiteral();
      expectSymbol(')');
      return { kind: 'toChar', column, format };
    }
    return { kind: 'column', name: columnName() };
  };

  const predicate = (): SqlCondition => {
    if (acceptWord('NOT')) return { kind: 'not', inner: predicate() };
    if (peek()?.text === '(' && peek()?.kind === 'symbol') {
      position++;
      const inner = orCondition();
      expectSymbol(')');
      return inner;
    }
    const left = operand();
    if (acceptWord('IS')) {
      const negate = acceptWord('NOT');
      expectWord('NULL');
      return { kind: 'isNull', left, negate };
    }
    const negate = acceptWord('NOT');
    if (acceptWord('IN')) {
      expectSymbol('(');
      const values = [operand()];
      while (acceptSymbol(',')) values.push(operand());
      expectSymbol(')');
      return { kind: 'in', left, values, negate };
    }
    if (acceptWord('LIKE')) return { kind: 'like', left, pattern: stringLiteral(), negate };
    if (acceptWord('BETWEEN')) {
      const low = operand();
      expectWord('AND');
      return { kind: 'between', left, low, high: operand(), negate };
    }
    if (negate) fail('expected IN, LIKE or BETWEEN after NOT');
    const operator = tokens[position++];
    if (operator?.kind !== 'symbol' || !['=', '!=', '<>', '<', '<=', '>', '>='].includes(operator.text)) {
      return fail(`unsupported operator near '${operator?.text ?? 'end of query'}'`);
    }
    return { kind: 'compare', left, operator: operator.text === '<>' ? '!=' : operator.text, right: operand() };
  };

  const andCondition = (): SqlCondition => {
    const parts = [predicate()];
    while (acceptWord('AND')) parts.push(predicate());
    return parts.length === 1 ? parts[0]! : { kind: 'and', parts };
  };
  function orCondition(): SqlCondition {
    const parts = [andCondition()];
    while (acceptWord('OR')) parts.push(andCondition());
    return parts.length === 1 ? parts[0]! : { kind: 'or', parts };
  }

  expectWord('SELECT');
  let select: SqlQuery['select'];
  if (acceptSymbol('*')) {
    select = '*';
  } else {
    select = [];
    do {
      const item = operand();
      let name = item.kind === 'column' ? item.name : item.kind === 'toChar' ? item.column
        : item.kind === 'aggregate' ? item.fn.toLowerCase() : 'expr';
      if (acceptWord('AS') || (peek()?.kind === 'ident' && !isWord('FROM'))) name = columnName();
      select.push({ operand: item, name });
    } while (acceptSymbol(','));
  }
  expectWord('FROM');
  const table = columnName();
  if (peek()?.kind === 'ident' && !isWord('WHERE') && !isWord('ORDER') && !isWord('GROUP')) position++;
  const where = acceptWord('WHERE') ? orCondition() : undefined;
  const groupBy: string[] = [];
  if (acceptWord('GROUP')) {
    expectWord('BY');
    do groupBy.push(columnName());
    while (acceptSymbol(','));
  }
  const orderBy: SqlQuery['orderBy'] = [];
  if (acceptWord('ORDER')) {
    expectWord('BY');
    do {
      const name = columnName();
      const descending = acceptWord('DESC');
      if (!descending) acceptWord('ASC');
      orderBy.push({ name, descending });
    } while (acceptSymbol(','));
  }
  if (position < tokens.length) fail(`unexpected '${peek()!.text}'`);
  return where ? { select, table, where, groupBy, orderBy } : { select, table, groupBy, orderBy };
}

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:'((?:[^']|'')*)'|(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_.$]*)|(<=|>=|<>|!=|[=<>(),*-]))/y;
  let index = 0;
  while (index < sql.length) {
    if (/^\s*;?\s*$/.test(sql.slice(index))) break;
    pattern.lastIndex = index;
    const match = pattern.exec(sql);
    if (!match) {
      throw new NetSuiteError('INVALID_PARAMETER', `Invalid search query. Search error occurred: unexpected character near '${sql.slice(index, index + 10).trim()}'.`, { path: 'q' });
    }
    if (match[1] !== undefined) tokens.push({ kind: 'string', text: match[1].replace(/''/g, "'") });
    else if (match[2] !== undefined) tokens.push({ kind: 'number', text: match[2] });
    else if (match[3] !== undefined) tokens.push({ kind: 'ident', text: match[3] });
    else tokens.push({ kind: 'symbol', text: match[4]! });
    index = pattern.lastIndex;
  }
  return tokens;
}
