/**
 * Parses the SOQL subset: SELECT fields | COUNT() FROM Obj [WHERE ...] [ORDER BY ...] [LIMIT n]
 * [OFFSET n]. Like Salesforce, mixing AND and OR at one level without parentheses is rejected.
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select.htm
 */
import { sfError } from '../errors.js';
import type { SoqlCondition, SoqlOrder, SoqlQuery, SoqlValue } from './ast.js';
import { isDateLiteral, takesN } from './date-literals.js';
import { tokenize, type SoqlToken } from './lexer.js';

const RESERVED = new Set(['SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', 'IN', 'LIKE', 'ORDER', 'BY', 'ASC', 'DESC', 'NULLS', 'FIRST', 'LAST', 'LIMIT', 'OFFSET', 'NULL', 'TRUE', 'FALSE', 'GROUP', 'HAVING', 'INCLUDES', 'EXCLUDES']);

/** Parses `text` or throws MALFORMED_QUERY. */
export function parseSoql(text: string): SoqlQuery {
  const tokens = tokenize(text);
  let index = 0;
  const peek = (): SoqlToken => tokens[index]!;
  const advance = (): SoqlToken => tokens[index++]!;
  const unexpected = (token: SoqlToken = peek()): never => {
    throw sfError(400, 'MALFORMED_QUERY', `\n${text}\n${' '.repeat(token.pos)}^\nERROR at Row:1:Column:${token.pos + 1}\nunexpected token: ${token.type === 'end' ? '<EOF>' : token.type === 'string' ? `'${token.text}'` : token.text}`);
  };
  const isWord = (word: string, token: SoqlToken = peek()) => token.type === 'word' && token.text.toUpperCase() === word;
  const expectWord = (word: string) => (isWord(word) ? advance() : unexpected());
  const isPunct = (p: string) => peek().type === 'punct' && peek().text === p;
  const expectPunct = (p: string) => (isPunct(p) ? advance() : unexpected());
  const identifier = (): string => {
    const token = peek();
    if (token.type !== 'word' || RESERVED.has(token.text.toUpperCase())) return unexpected();
    advance();
    return token.text;
  };
  const integer = (): number => {
    const token = peek();
    if (token.type !== 'number' || !/^\d+$/.test(token.text)) return unexpected();
    advance();
    return Number(token.text);
  };

  const value = (): SoqlValue => {
    const token = advance();
    switch (token.type) {
      case 'string':
        return { kind: 'string', value: token.text };
      case 'number':
        return { kind: 'number', value: Number(token.text) };
      case 'date':
        return { kind: 'date', value: token.text };
      case 'datetime':
        return { kind: 'datetime', value: token.text };
      case 'word': {
        const upper = token.text.toUpperCase();
        if (upper === 'NULL') return { kind: 'null' };
        if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'boolean', value: upper === 'TRUE' };
        if (isDateLiteral(upper)) {
          if (!takesN(upper)) return { kind: 'dateLiteral', name: upper };
          expectPunct(':');
          return { kind: 'dateLiteral', name: upper, n: integer() };
        }
        return unexpected(token);
      }
      default:
        return unexpected(token);
    }
  };

  const primary = (): SoqlCondition => {
    if (isPunct('(')) {
      advance();
      const inner = condition();
      expectPunct(')');
      return inner;
    }
    if (isWord('NOT')) {
      advance();
      return { kind: 'not', operand: primary() };
    }
    const field = identifier();
    const token = peek();
    if (token.type === 'op') {
      advance();
      return { kind: 'compare', field, op: token.text as '=', value: value() };
    }
    const negated = isWord('NOT');
    if (negated) advance();
    if (isWord('IN')) {
      advance();
      expectPunct('(');
      const values = [value()];
      while (isPunct(',')) {
        advance();
        values.push(value());
      }
      expectPunct(')');
      return { kind: 'in', field, negated, values };
    }
    if (!negated && isWord('LIKE')) {
      advance();
      const pattern = advance();
      if (pattern.type !== 'string') return unexpected(pattern);
      return { kind: 'like', field, pattern: pattern.text };
    }
    return unexpected();
  };

  const condition = (): SoqlCondition => {
    const first = primary();
    if (!isWord('AND') && !isWord('OR')) return first;
    const joiner = peek().text.toUpperCase() as 'AND' | 'OR';
    const operands = [first];
    while (isWord('AND') || isWord('OR')) {
      if (!isWord(joiner)) return unexpected();
      advance();
      operands.push(primary());
    }
    return { kind: joiner === 'AND' ? 'and' : 'or', operands };
  };

  expectWord('SELECT');
  const query: SoqlQuery = { fields: [], count: false, from: '', orderBy: [] };
  if (isWord('COUNT') && tokens[index + 1]?.text === '(') {
    advance();
    expectPunct('(');
    expectPunct(')');
    query.count = true;
  } else {
    query.fields.push(identifier());
    while (isPunct(',')) {
      advance();
      query.fields.push(identifier());
    }
  }
  expectWord('FROM');
  query.from = identifier();
  if (isWord('WHERE')) {
    advance();
    query.where = condition();
  }
  if (isWord('ORDER')) {
    advance();
    expectWord('BY');
    const item = (): SoqlOrder => {
      const field = identifier();
      let direction: SoqlOrder['direction'] = 'ASC';
      if (isWord('ASC') || isWord('DESC')) direction = advance().text.toUpperCase() as 'ASC';
      let nulls: SoqlOrder['nulls'] = direction === 'ASC' ? 'FIRST' : 'LAST';
      if (isWord('NULLS')) {
        advance();
        if (!isWord('FIRST') && !isWord('LAST')) return unexpected();
        nulls = advance().text.toUpperCase() as 'FIRST';
      }
      return { field, direction, nulls };
    };
    query.orderBy.push(item());
    while (isPunct(',')) {
      advance();
      query.orderBy.push(item());
    }
  }
  if (isWord('LIMIT')) {
    advance();
    query.limit = integer();
  }
  if (isWord('OFFSET')) {
    advance();
    query.offset = integer();
    if (query.offset > 2000) throw sfError(400, 'NUMBER_OUTSIDE_VALID_RANGE', 'Maximum SOQL offset allowed is 2000');
  }
  if (peek().type !== 'end') unexpected();
  return query;
}
