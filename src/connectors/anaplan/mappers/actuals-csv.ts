import type { ActualsRow } from '../../ports/planning.js';

/** Header of the actuals import data source (the import maps these names to dimensions and line items). */
export const ACTUALS_HEADER = ['Project', 'Month', 'Currency', 'Hours', 'Cost', 'Billings', 'Collections'] as const;

/** Canonical actuals rows -> the CSV rows of the import data source (header first; amounts as sent). */
export function actualsToCsvRows(rows: readonly ActualsRow[]): string[][] {
  return [[...ACTUALS_HEADER], ...rows.map((r) => [r.projectCode, r.month, r.currency, r.hours, r.cost, r.billings, r.collections])];
}

/** One failed row of a failure dump: its data-source line, Anaplan's error and the original columns. */
export interface FailureDumpRow {
  /** 1-based line of the data source the row came from (the header is line 1). */
  line: number | undefined;
  error: string;
  values: Record<string, string>;
}

/**
 * Reads a failure dump (`_Line_,_Error_1_,<original columns>`) into rows. Several `_Error_n_`
 * columns are joined with `; `.
 */
export function parseFailureDump(rows: readonly (readonly string[])[]): FailureDumpRow[] {
  const [header, ...data] = rows;
  if (!header) return [];
  const lineIndex = header.findIndex((h) => /^_line_$/i.test(h));
  const errorIndexes = header.map((h, i) => (/^_error_\d+_$/i.test(h) ? i : -1)).filter((i) => i >= 0);
  return data.map((fields) => {
    const values: Record<string, string> = {};
    header.forEach((name, i) => {
      if (i !== lineIndex && !errorIndexes.includes(i)) values[name] = fields[i] ?? '';
    });
    const line = lineIndex >= 0 ? Number(fields[lineIndex]) : NaN;
    return {
      line: Number.isInteger(line) ? line : undefined,
      error: errorIndexes.map((i) => fields[i] ?? '').filter((e) => e !== '').join('; ') || 'rejected by the import',
      values,
    };
  });
}

/** The actuals row a dump row came from: by its line when given (line 2 = first row), else by project and month. */
export function matchDumpRow(dump: FailureDumpRow, sent: readonly ActualsRow[]): ActualsRow | undefined {
  if (dump.line !== undefined && dump.line >= 2 && dump.line - 2 < sent.length) return sent[dump.line - 2];
  const value = (name: string) => Object.entries(dump.values).find(([k]) => k.toLowerCase() === name)?.[1];
  return sent.find((r) => r.projectCode === value('project') && r.month === value('month'));
}
