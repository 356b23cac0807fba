/** Business-date arithmetic on plain `YYYY-MM-DD` strings (UTC, no time zones involved). */

const DAY_MS = 86_400_000;

/** Parses a `YYYY-MM-DD` business date; throws on anything else. */
export function parseBusinessDate(date: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`not a YYYY-MM-DD date: ${date}`);
  const parsed = new Date(`${date}T00:00:00.000Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) throw new Error(`not a calendar date: ${date}`);
  return parsed;
}

/** The business date `days` after `date` (negative goes back). */
export function addDays(date: string, days: number): string {
  return new Date(parseBusinessDate(date).getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseBusinessDate(to).getTime() - parseBusinessDate(from).getTime()) / DAY_MS);
}

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = parseBusinessDate(date).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The Monday of the week `date` falls in. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** True Monday to Friday. */
export function isWeekday(date: string): boolean {
  return isoWeekday(date) <= 5;
}

/** The seven dates Monday..Sunday of the week starting `monday`. */
export function weekDates(monday: string): string[] {
  return Array.from({ length: 7 }, (_, index) => addDays(monday, index));
}

/** A UTC instant on a business date, e.g. `atTime('2026-01-05', 9)` -> `2026-01-05T09:00:00.000Z`. */
export function atTime(date: string, hour: number, minute = 0): string {
  return new Date(parseBusinessDate(date).getTime() + (hour * 60 + minute) * 60_000).toISOString();
}

/** The same day `months` calendar months later, clamped to the month's last day (Jan 31 + 1 -> Feb 28). */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

/** `YYYY-MM` of a business date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** The last day of the month of `date`. */
export function monthEnd(date: string): string {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}
