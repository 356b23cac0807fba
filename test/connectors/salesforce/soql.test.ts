import { describe, expect, it } from 'vitest';
import { isoInstantOf, soqlDatetime, soqlIdList, soqlString } from '../../../src/connectors/salesforce/soql.js';
import { parseLimitInfo } from '../../../src/connectors/salesforce/limits.js';

describe('SOQL literals', () => {
  it('escapes quotes and backslashes in strings', () => {
    expect(soqlString("O'Brien \\ Co")).toBe("'O\\'Brien \\\\ Co'");
  });
  it('writes datetimes in UTC, milliseconds only when present', () => {
    expect(soqlDatetime('2026-03-02T10:00:00.000+01:00')).toBe('2026-03-02T09:00:00Z');
    expect(soqlDatetime('2026-03-02T09:00:00.250Z')).toBe('2026-03-02T09:00:00.250Z');
  });
  it('refuses anything but Salesforce ids in IN lists', () => {
    expect(soqlIdList(['001000000000001AAA', '001000000000002'])).toBe("('001000000000001AAA','001000000000002')");
    expect(() => soqlIdList(["x') OR Name != ('"])).toThrow(/not a Salesforce id/);
  });
  it('reads Salesforce datetimes as ISO instants', () => {
    expect(isoInstantOf('2026-03-02T09:00:00.000+0000')).toBe('2026-03-02T09:00:00.000Z');
    expect(isoInstantOf('2026-03-02T10:30:00.000+0130')).toBe('2026-03-02T09:00:00.000Z');
  });
  it('parses Sforce-Limit-Info', () => {
    expect(parseLimitInfo('api-usage=18/5000', new Date('2026-03-02T09:00:00Z'))).toEqual({ used: 18, max: 5000, observedAt: '2026-03-02T09:00:00.000Z' });
    expect(parseLimitInfo(undefined, new Date())).toBeUndefined();
  });
});
