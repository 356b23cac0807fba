/** Splits SOQL text into tokens; errors are Salesforce's MALFORMED_QUERY. */
import { sfError } from '../errors.js';

/** One token with its source position (for error messages). */
export type SoqlToken =
  | { type: 'word'; text: string; pos: number }
  | { type: 'string'; text: string; pos: number }
  | { type: 'number'; text: string; pos: number }
  | { type: 'date'; text: string; pos: number }
  | { type: 'datetime'; text: string; pos: number }
  | { type: 'op'; text: string; pos: number }
  | { type: 'punct'; text: string; pos: number }
  | { type: 'end'; text: ''; pos: number };

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\d:T])/;
const NUMBER = /^-?\d+(\.\d+)?/;
const WORD = /^[A-Za-z_][A-Za-z0-9_.]*/;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\', _: '\\_', '%': '\\%' };

/** Tokenizes `text`. */
export function tokenize(text: string): SoqlToken[] {
  const tokens: SoqlToken[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    const rest = text.slice(i);
    if (ch === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw sfError(400, 'MALFORMED_QUERY', `unterminated string starting at position ${i}`);
        const c = text[j]!;
        if (c === '\\') {
          const escaped = ESCAPES[text[j + 1] ?? ''];
          if (escaped === undefined) throw sfError(400, 'MALFORMED_QUERY', `invalid escape sequence at position ${j}`);
          value += escaped;
          j += 2;
        } else if (c === "'") {
          break;
        } else {
          value += c;
          j += 1;
        }
      }
      tokens.push({ type: 'string', text: value, pos: i });
      i = j + 1;
      continue;
    }
    const datetime = DATETIME.exec(rest);
    if (datetime) {
      tokens.push({ type: 'datetime', text: datetime[0], pos: i });
      i += datetime[0].length;
      continue;
    }
    const date = DATE.exec(rest);
    if (date) {
      tokens.push({ type: 'date', text: date[0], pos: i });
      i += date[0].length;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number && (ch !== '-' || /\d/.test(rest[1] ?? ''))) {
      tokens.push({ type: 'number', text: number[0], pos: i });
      i += number[0].length;
      continue;
    }
    const word = WORD.exec(rest);
    if (word) {
      tokens.push({ type: 'word', text: word[0], pos: i });
      i += word[0].length;
      continue;
    }
    const op = /^(!=|<>|<=|>=|=|<|>)/.exec(rest);
    if (op) {
      tokens.push({ type: 'op', text: op[0] === '<>' ? '!=' : op[0], pos: i });
      i += op[0].length;
      continue;
    }
    if ('(),:'.includes(ch)) {
      tokens.push({ type: 'punct', text: ch, pos: i });
      i += 1;
      continue;
    }
    throw sfError(400, 'MALFORMED_QUERY', `unexpected character '${ch}' at position ${i}`);
  }
  tokens.push({ type: 'end', text: '', pos: text.length });
  return tokens;
}
