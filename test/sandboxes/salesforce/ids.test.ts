import { describe, expect, it } from 'vitest';
import { caseSafeSuffix, makeId, normalizeId, to18 } from '../../../src/sandboxes/salesforce/ids.js';

describe('Salesforce ids', () => {
  it('computes the case-safe suffix of the documented example', () => {
    expect(caseSafeSuffix('001A0000006Vm9r')).toBe('IAC');
    expect(to18('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
  });

  it('normalizes 15-character and case-mangled 18-character ids to one canonical form', () => {
    expect(normalizeId('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    expect(normalizeId('001a0000006vm9riac')).toBe('001A0000006Vm9rIAC');
    expect(normalizeId('001A0000006Vm9rIAC')).toBe('001A0000006Vm9rIAC');
    expect(normalizeId('not-an-id')).toBeUndefined();
    expect(normalizeId('001A0000006Vm9')).toBeUndefined();
  });

  it('makes 18-character ids with the key prefix that round-trip', () => {
    const id = makeId('a1H', 12345);
    expect(id).toHaveLength(18);
    expect(id.startsWith('a1H')).toBe(true);
    expect(normalizeId(id.toLowerCase())).toBe(id);
    expect(normalizeId(id.slice(0, 15))).toBe(id);
    expect(makeId('001', 1)).not.toBe(makeId('001', 2));
  });
});
