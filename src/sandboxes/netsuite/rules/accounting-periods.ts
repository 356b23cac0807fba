import { NetSuiteError } from '../errors.js';
import type { StoredRecord } from '../records/field-spec.js';
import type { NetSuiteStore } from '../store.js';

/**
 * Monthly accounting periods. A posting date whose month has a closed period is rejected, as NetSuite
 * does; a date with no period at all is accepted (the sandbox seeds periods but does not demand them).
 */

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The monthly period containing `date` (YYYY-MM-DD), if one exists. */
export function periodFor(store: NetSuiteStore, date: string): StoredRecord | undefined {
  return store.list('accountingPeriod').find((period) =>
    period.isQuarter !== true && period.isYear !== true &&
    String(period.startDate) <= date && date <= String(period.endDate));
}

/** Throws NetSuite's USER_ERROR when `date` falls in a closed period. */
export function assertPeriodOpen(store: NetSuiteStore, date: string, path = 'tranDate'): StoredRecord | undefined {
  const period = periodFor(store, date);
  if (period?.closed === true) {
    throw new NetSuiteError(
      'USER_ERROR',
      `The accounting period ${String(period.periodName)} is closed. You cannot post a transaction dated ${date} into a closed period.`,
      { path },
    );
  }
  return period;
}

/** The fields of the monthly period for `month` (YYYY-MM). */
export function monthlyPeriodFields(month: string, closed = false): Record<string, unknown> {
  const [year, mm] = month.split('-').map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(year, mm, 0)).getUTCDate();
  return {
    periodName: `${monthNames[mm - 1]} ${year}`,
    startDate: `${month}-01`,
    endDate: `${month}-${String(lastDay).padStart(2, '0')}`,
    closed,
    isQuarter: false,
    isYear: false,
    isAdjust: false,
  };
}

/** Opens or closes the period for `month` (YYYY-MM), creating it when missing; returns it. */
export function setPeriodClosed(store: NetSuiteStore, month: string, closed: boolean): StoredRecord {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    throw new NetSuiteError('INVALID_PARAMETER', `Invalid month '${month}': expected YYYY-MM.`);
  }
  const existing = periodFor(store, `${month}-01`);
  if (!existing) return store.insert('accountingPeriod', monthlyPeriodFields(month, closed));
  return store.replace('accountingPeriod', existing.id, { ...existing, closed });
}
