/**
 * SOQL date literals as half-open ranges [start, end) of epoch ms, in the org's time zone (UTC for
 * the sandbox) and with weeks starting on Sunday (en_US locale).
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_dateformats.htm
 */
import { sfError } from '../errors.js';

const DAY = 86_400_000;
const FIXED = ['YESTERDAY', 'TODAY', 'TOMORROW', 'LAST_WEEK', 'THIS_WEEK', 'NEXT_WEEK', 'LAST_MONTH', 'THIS_MONTH', 'NEXT_MONTH', 'LAST_90_DAYS', 'NEXT_90_DAYS', 'THIS_QUARTER', 'LAST_QUARTER', 'NEXT_QUARTER', 'THIS_YEAR', 'LAST_YEAR', 'NEXT_YEAR'];
const WITH_N = ['LAST_N_DAYS', 'NEXT_N_DAYS', 'N_DAYS_AGO', 'LAST_N_WEEKS', 'NEXT_N_WEEKS', 'LAST_N_MONTHS', 'NEXT_N_MONTHS', 'LAST_N_QUARTERS', 'NEXT_N_QUARTERS', 'LAST_N_YEARS', 'NEXT_N_YEARS'];

/** True for a date literal name (upper case). */
export function isDateLiteral(name: string): boolean {
  return FIXED.includes(name) || WITH_N.includes(name);
}

/** True for the literals written `NAME:n`. */
export function takesN(name: string): boolean {
  return WITH_N.includes(name);
}

const utc = (y: number, m: number, d = 1) => Date.UTC(y, m, d);

/** The [start, end) range of a date literal relative to `now`. */
export function dateLiteralRange(name: string, n: number | undefined, now: Date): [number, number] {
  const today = utc(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const weekStart = today - now.getUTCDay() * DAY;
  const quarterStart = m - (m % 3);
  const k = n ?? 0;
  switch (name) {
    case 'YESTERDAY': return [today - DAY, today];
    case 'TODAY': return [today, today + DAY];
    case 'TOMORROW': return [today + DAY, today + 2 * DAY];
    case 'LAST_WEEK': return [weekStart - 7 * DAY, weekStart];
    case 'THIS_WEEK': return [weekStart, weekStart + 7 * DAY];
    case 'NEXT_WEEK': return [weekStart + 7 * DAY, weekStart + 14 * DAY];
    case 'LAST_MONTH': return [utc(y, m - 1), utc(y, m)];
    case 'THIS_MONTH': return [utc(y, m), utc(y, m + 1)];
    case 'NEXT_MONTH': return [utc(y, m + 1), utc(y, m + 2)];
    case 'LAST_90_DAYS': return [today - 90 * DAY, today + DAY];
    case 'NEXT_90_DAYS': return [today + DAY, today + 91 * DAY];
    case 'THIS_QUARTER': return [utc(y, quarterStart), utc(y, quarterStart + 3)];
    case 'LAST_QUARTER': return [utc(y, quarterStart - 3), utc(y, quarterStart)];
    case 'NEXT_QUARTER': return [utc(y, quarterStart + 3), utc(y, quarterStart + 6)];
    case 'THIS_YEAR': return [utc(y, 0), utc(y + 1, 0)];
    case 'LAST_YEAR': return [utc(y - 1, 0), utc(y, 0)];
    case 'NEXT_YEAR': return [utc(y + 1, 0), utc(y + 2, 0)];
    // LAST_N_DAYS includes today; NEXT_N_DAYS starts tomorrow.
    case 'LAST_N_DAYS': return [today - k * DAY, today + DAY];
    case 'NEXT_N_DAYS': return [today + DAY, today + (k + 1) * DAY];
    case 'N_DAYS_AGO': return [today - k * DAY, today - (k - 1) * DAY];
    case 'LAST_N_WEEKS': return [weekStart - 7 * k * DAY, weekStart];
    case 'NEXT_N_WEEKS': return [weekStart + 7 * DAY, weekStart + 7 * (k + 1) * DAY];
    case 'LAST_N_MONTHS': return [utc(y, m - k), utc(y, m)];
    case 'NEXT_N_MONTHS': return [utc(y, m + 1), utc(y, m + 1 + k)];
    case 'LAST_N_QUARTERS': return [utc(y, quarterStart - 3 * k), utc(y, quarterStart)];
    case 'NEXT_N_QUARTERS': return [utc(y, quarterStart + 3), utc(y, quarterStart + 3 + 3 * k)];
    case 'LAST_N_YEARS': return [utc(y - k, 0), utc(y, 0)];
    case 'NEXT_N_YEARS': return [utc(y + 1, 0), utc(y + 1 + k, 0)];
    default:
      throw sfError(400, 'MALFORMED_QUERY', `unknown date literal ${name}`);
  }
}
