import { describe, expect, it } from 'vitest';
import { addDays, addMonths, atTime, daysBetween, isoWeekday, monthEnd, monthOf, mondayOf, parseBusinessDate, weekDates } from '../../../src/sandboxes/firm/calendar.js';

describe('firm calendar', () => {
  it('does date arithmetic on YYYY-MM-DD across month and year ends', () => {
    expect(addDays('2026-01-30', 3)).toBe('2026-02-02');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-01-05', '2026-04-04')).toBe(89);
  });

  it('knows weekdays and weeks (Monday first)', () => {
    expect(isoWeekday('2026-01-05')).toBe(1);
    expect(isoWeekday('2026-01-11')).toBe(7);
    expect(mondayOf('2026-01-11')).toBe('2026-01-05');
    expect(mondayOf('2026-01-05')).toBe('2026-01-05');
    expect(weekDates('2026-01-05')).toEqual(['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09', '2026-01-10', '2026-01-11']);
  });

  it('rejects what is not a calendar date and builds UTC instants', () => {
    expect(() => parseBusinessDate('2026-02-30')).toThrow(/calendar date/);
    expect(() => parseBusinessDate('05/01/2026')).toThrow(/YYYY-MM-DD/);
    expect(atTime('2026-01-05', 16, 30)).toBe('2026-01-05T16:30:00.000Z');
  });

  it('adds calendar months, clamping to the month end (retainer and subscription periods)', () => {
    expect(addMonths('2026-01-05', 1)).toBe('2026-02-05');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-01-05', 12)).toBe('2027-01-05');
    expect(monthOf('2026-02-17')).toBe('2026-02');
    expect(monthEnd('2028-02-03')).toBe('2028-02-29');
    expect(monthEnd('2026-12-01')).toBe('2026-12-31');
  });
});
