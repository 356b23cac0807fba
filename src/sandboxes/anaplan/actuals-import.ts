/**
 * Reads an uploaded actuals CSV against the Actuals module: maps columns by header, validates each
 * row (project code format / list membership, month in the timescale, currency, numeric values) and
 * splits it into rows to load and rows for the failure dump. A bad row never blocks the others.
 */
import { parseCsv } from './csv.js';
import { ACTUALS_LINE_ITEMS, type ActualsColumnMapping, type ActualsLineItem, type ActualsRules } from './model-catalog.js';

/** A valid row: the cells it sets. */
export interface ActualsRow {
  project: string;
  month: string;
  currency: string;
  values: Partial<Record<ActualsLineItem, string>>;
}

/** A rejected row as it goes into the failure dump. */
export interface FailedRow {
  /** 1-based line number in the file. */
  line: number;
  fields: string[];
  error: string;
}

/** The outcome of reading one file. */
export interface ActualsReadResult {
  header: string[];
  rows: ActualsRow[];
  failures: FailedRow[];
  ignored: number;
  /** Set when the file cannot be imported at all (no header, unmapped mandatory column). */
  fatal?: string;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DECIMAL = /^[+-]?\d+(\.\d+)?$/;

/** Reads `text` (the whole uploaded file) with the import's mapping and the model's rules. */
export function readActualsCsv(text: string, mapping: ActualsColumnMapping, rules: ActualsRules): ActualsReadResult {
  const [header = [], ...data] = parseCsv(text);
  const index = (name: string) => header.findIndex((h) => h.trim().toLowerCase() === name.toLowerCase());
  const projectAt = index(mapping.project);
  const monthAt = index(mapping.month);
  const currencyAt = index(mapping.currency);
  const lineItemAt = ACTUALS_LINE_ITEMS.map((item) => [item, index(mapping.lineItems[item])] as const).filter(([, i]) => i >= 0);
  const empty = { header, rows: [], failures: [], ignored: 0 };
  if (projectAt < 0 || monthAt < 0) {
    return { ...empty, fatal: `Import failed: the file has no column mapped to ${projectAt < 0 ? mapping.project : mapping.month}` };
  }
  if (lineItemAt.length === 0) return { ...empty, fatal: 'Import failed: the file has no column mapped to a line item' };

  const result: ActualsReadResult = { header, rows: [], failures: [], ignored: 0 };
  data.forEach((fields, i) => {
    const line = i + 2;
    if (fields.every((f) => f.trim() === '')) {
      result.ignored += 1;
      return;
    }
    const fail = (error: string) => result.failures.push({ line, fields, error });
    const project = (fields[projectAt] ?? '').trim();
    if (!rules.projectPattern.test(project)) return fail(`Invalid project code format: '${project}'`);
    if (rules.knownProjects && !rules.knownProjects.includes(project)) return fail(`Item not located in Project list: '${project}'`);
    const month = parseMonth((fields[monthAt] ?? '').trim());
    if (!month || month < rules.timescale.from || month > rules.timescale.to) {
      return fail(`Item not located in Month list: '${(fields[monthAt] ?? '').trim()}'`);
    }
    const currency = currencyAt >= 0 ? (fields[currencyAt] ?? '').trim().toUpperCase() : rules.defaultCurrency;
    if (!rules.currencies.includes(currency)) return fail(`Item not located in Currency list: '${currency}'`);
    const values: Partial<Record<ActualsLineItem, string>> = {};
    for (const [item, at] of lineItemAt) {
      const raw = (fields[at] ?? '').trim();
      if (raw === '') continue;
      if (!DECIMAL.test(raw)) return fail(`Invalid number for line item ${item}: '${raw}'`);
      values[item] = raw.replace(/^\+/, '');
    }
    result.rows.push({ project, month, currency, values });
  });
  return result;
}

/** `2026-03`, `Mar 26` or `Mar 2026` -> `2026-03`; undefined when not a month. */
export function parseMonth(text: string): string | undefined {
  const iso = /^(\d{4})-(\d{2})$/.exec(text);
  if (iso) {
    const month = Number(iso[2]);
    return month >= 1 && month <= 12 ? text : undefined;
  }
  const named = /^([A-Za-z]{3})\s+(\d{2}|\d{4})$/.exec(text);
  if (!named) return undefined;
  const month = MONTHS.indexOf(named[1]!.toLowerCase());
  if (month < 0) return undefined;
  const year = named[2]!.length === 2 ? 2000 + Number(named[2]) : Number(named[2]);
  return `${year}-${String(month + 1).padStart(2, '0')}`;
}
