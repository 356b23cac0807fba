import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMonth, readActualsCsv } from '../../../src/sandboxes/anaplan/actuals-import.js';
import { formatCsv, parseCsv } from '../../../src/sandboxes/anaplan/csv.js';
import { defaultActualsMapping, defaultActualsRules } from '../../../src/sandboxes/anaplan/model-catalog.js';

describe('Anaplan sandbox: reading the actuals CSV', () => {
  it('parses quoted fields, doubled quotes, CRLF and a BOM, and writes them back', () => {
    const rows = parseCsv('\ufeffa,"b,c","say ""hi"""\r\n1,,"x\ny"\r\n');
    expect(rows).toEqual([
      ['a', 'b,c', 'say "hi"'],
      ['1', '', 'x\ny'],
    ]);
    expect(parseCsv(formatCsv(rows))).toEqual(rows);
  });

  it('round-trips any rows through formatCsv and parseCsv', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ',', '"', '\n', '\r', ' ', 'é') });
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (rows) => {
        expect(parseCsv(formatCsv(rows))).toEqual(rows);
      }),
    );
  });

  it('reads months as YYYY-MM, "Mon YY" and "Mon YYYY" only', () => {
    expect(parseMonth('2026-03')).toBe('2026-03');
    expect(parseMonth('Mar 26')).toBe('2026-03');
    expect(parseMonth('dec 2027')).toBe('2027-12');
    expect(parseMonth('2026-13')).toBeUndefined();
    expect(parseMonth('March 26')).toBeUndefined();
    expect(parseMonth('')).toBeUndefined();
  });

  it('matches headers case-insensitively, defaults the currency and honours a known-projects list', () => {
    const rules = { ...defaultActualsRules, knownProjects: ['PRJ-1'] };
    const result = readActualsCsv('project,MONTH,hours\nPRJ-1,2026-01,+7.5\nPRJ-2,2026-01,1\n', defaultActualsMapping, rules);
    expect(result.rows).toEqual([{ project: 'PRJ-1', month: '2026-01', currency: 'USD', values: { Hours: '7.5' } }]);
    expect(result.failures).toEqual([{ line: 3, fields: ['PRJ-2', '2026-01', '1'], error: "Item not located in Project list: 'PRJ-2'" }]);
  });

  it('rejects thousands separators and exponents as non-numeric', () => {
    const result = readActualsCsv('Project,Month,Cost\nP1,2026-01,"1,200.00"\nP2,2026-01,1e3\n', defaultActualsMapping, defaultActualsRules);
    expect(result.rows).toEqual([]);
    expect(result.failures.map((f) => f.error)).toEqual(["Invalid number for line item Cost: '1,200.00'", "Invalid number for line item Cost: '1e3'"]);
  });
});
