/**
 * Turns JSON values from a request body into the stored value of a field, the way Salesforce's JSON
 * deserializer accepts them (numbers as numbers or numeric strings, dates as YYYY-MM-DD...).
 */
import { sfError } from './errors.js';
import { normalizeId } from './ids.js';
import type { FieldMeta } from './metadata/types.js';

/** A stored field value. */
export type FieldValue = string | number | boolean | null;

/** Salesforce's datetime wire format: `2026-01-05T09:00:00.000+0000`. */
export function formatDatetime(instant: Date): string {
  return instant.toISOString().replace('Z', '+0000');
}

/** Epoch ms of a Salesforce or ISO datetime, NaN when unparseable. */
export function parseDatetime(value: string): number {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$/.exec(value);
  if (!m) return Number.NaN;
  const zone = m[4] === 'Z' ? 'Z' : `${m[4]!.slice(0, 3)}:${m[4]!.slice(-2)}`;
  return Date.parse(`${m[1]}T${m[2]}${m[3] ?? ''}${zone}`);
}

/** Epoch ms of UTC midnight of a YYYY-MM-DD date, NaN when invalid. */
export function parseDate(value: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return Number.NaN;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value ? Number.NaN : ms;
}

const deserializeError = (field: FieldMeta, kind: string, value: unknown) =>
  sfError(400, 'JSON_PARSER_ERROR', `Cannot deserialize instance of ${kind} from VALUE_STRING value ${String(value)} or request may be missing a required field`, [field.name]);

/** Coerces `raw` to the field's type or throws a Salesforce error. */
export function coerceValue(field: FieldMeta, raw: unknown): FieldValue {
  if (raw === null || raw === undefined) return field.type === 'boolean' ? false : null;
  switch (field.type) {
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'false') return raw === 'true';
      throw deserializeError(field, 'boolean', raw);
    case 'double':
    case 'currency':
    case 'percent':
    case 'int': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
      if (!Number.isFinite(n)) throw deserializeError(field, field.type === 'int' ? 'int' : 'double', raw);
      if (field.type === 'int' && !Number.isInteger(n)) throw deserializeError(field, 'int', raw);
      return n;
    }
    case 'date': {
      const text = String(raw);
      const day = text.length > 10 && !Number.isNaN(parseDatetime(text)) ? new Date(parseDatetime(text)).toISOString().slice(0, 10) : text;
      if (Number.isNaN(parseDate(day))) throw deserializeError(field, 'date', raw);
      return day;
    }
    case 'datetime': {
      const ms = parseDatetime(String(raw));
      if (Number.isNaN(ms)) throw deserializeError(field, 'datetime', raw);
      return formatDatetime(new Date(ms));
    }
    case 'reference':
    case 'id': {
      if (raw === '') return null;
      const id = typeof raw === 'string' ? normalizeId(raw) : undefined;
      if (!id) throw sfError(400, 'MALFORMED_ID', `${field.name}: id value of incorrect type: ${String(raw)}`, [field.name]);
      return id;
    }
    default: {
      if (typeof raw === 'object') throw deserializeError(field, 'String', JSON.stringify(raw));
      const text = String(raw);
      if (field.length && text.length > field.length) {
        throw sfError(400, 'STRING_TOO_LONG', `${field.name}: data value too large: ${text.slice(0, 40)} (max length=${field.length})`, [field.name]);
      }
      return text === '' ? null : text;
    }
  }
}
