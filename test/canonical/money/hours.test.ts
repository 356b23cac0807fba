import { describe, expect, it } from 'vitest';
import { durationToHours, hoursSchema, hoursToMinutes, minutesToHours, sumHours } from '../../../src/canonical/money/index.js';

describe('hours', () => {
  it('accepts decimal strings, refuses numbers and negatives', () => {
    expect(hoursSchema.safeParse('7.5').success).toBe(true);
    expect(hoursSchema.safeParse(7.5).success).toBe(false);
    expect(hoursSchema.safeParse('-1').success).toBe(false);
  });

  it('converts minutes and durations exactly', () => {
    expect(minutesToHours(450)).toBe('7.5');
    expect(minutesToHours(20)).toBe('0.3333333333');
    expect(hoursToMinutes('7.5')).toBe(450);
    expect(durationToHours('PT7H30M')).toBe('7.5');
    expect(durationToHours('P1DT1H')).toBe('25');
    expect(() => durationToHours('PT')).toThrow();
    expect(() => durationToHours('7h')).toThrow();
    expect(sumHours(['0.1', '0.2', '7.7'])).toBe('8');
  });
});
