import { Decimal } from 'decimal.js';
import { isCurrencyCode, minorUnitsOf } from '../../canonical/money/index.js';
import { timeBillExternalIdForSubject } from '../../flows/time-to-ledger/time-entry-event.js';

/** One approved PSA line as the firm left it (from the simulator's ground truth). */
export interface PsaLine {
  timecardId: string;
  workDate: string;
  resourceId: string;
  projectId: string;
  hours: string;
  billRate: string;
  currency: string;
  billable: boolean;
  amount: string;
}

/** One NetSuite time bill as read back. */
export interface LedgerBill {
  id: string;
  externalId?: string | undefined;
  employeeId?: string | undefined;
  projectId?: string | undefined;
  workDate: string;
  hours: string;
  rate?: string | undefined;
  billable: boolean;
  status: string;
}

/** The comparison of PSA ground truth with the ledger. */
export interface LedgerComparison {
  psa: { approvedLines: number; approvedHours: string; billableAmount: Record<string, string> };
  erp: { timeBills: number; hours: string; billableAmount: Record<string, string> };
  /** Lines that differ and are not explained by an open exception. */
  mismatches: Array<{ timeEntryId: string; reason: string }>;
  /** PSA lines missing from the ledger because the hub holds them as exceptions. */
  explainedByExceptions: number;
  /** Ledger bills beyond one per PSA line of the same employee, project and day. */
  duplicates: number;
}

/**
 * Compares approved PSA lines with NetSuite time bills by the hub's deterministic external id.
 * `subjectOf` gives a line's time entry subject; `explained` holds the subjects with open exceptions;
 * `ledgerIdsOf` maps a line's PSA resource/project to NetSuite employee/job ids (for duplicates).
 */
export function compareLedger(input: {
  lines: readonly PsaLine[];
  bills: readonly LedgerBill[];
  subjectOf(line: PsaLine): string;
  explained: ReadonlySet<string>;
  ledgerIdsOf(line: PsaLine): { employeeId?: string | undefined; projectId?: string | undefined };
}): LedgerComparison {
  const psaAmount = new Map<string, Decimal>();
  let psaHours = new Decimal(0);
  for (const line of input.lines) {
    psaHours = psaHours.plus(line.hours);
    if (line.billable) psaAmount.set(line.currency, (psaAmount.get(line.currency) ?? new Decimal(0)).plus(line.amount));
  }
  const approvedBills = input.bills.filter((b) => b.status === 'approved');
  const byExternalId = new Map(approvedBills.filter((b) => b.externalId).map((b) => [b.externalId!, b]));
  const mismatches: LedgerComparison['mismatches'] = [];
  const matched = new Set<string>();
  const erpAmount = new Map<string, Decimal>();
  let explainedByExceptions = 0;
  for (const line of input.lines) {
    const timeEntryId = `${line.timecardId}:${line.workDate}`;
    const subject = input.subjectOf(line);
    const bill = byExternalId.get(timeBillExternalIdForSubject(subject));
    if (!bill) {
      if (input.explained.has(subject)) explainedByExceptions++;
      else mismatches.push({ timeEntryId, reason: 'approved in the PSA, no approved time bill in NetSuite' });
      continue;
    }
    matched.add(bill.id);
    if (bill.billable) {
      const amount = new Decimal(bill.hours).times(bill.rate ?? '0').toDecimalPlaces(minorUnitsOf(line.currency), Decimal.ROUND_HALF_EVEN);
      erpAmount.set(line.currency, (erpAmount.get(line.currency) ?? new Decimal(0)).plus(amount));
    }
    if (!new Decimal(bill.hours).equals(line.hours)) mismatches.push({ timeEntryId, reason: `hours ${bill.hours} in NetSuite, ${line.hours} in the PSA` });
    else if (bill.billable !== line.billable) mismatches.push({ timeEntryId, reason: `billable ${bill.billable} in NetSuite, ${line.billable} in the PSA` });
    else if (line.billable && !new Decimal(bill.rate ?? '0').equals(line.billRate)) mismatches.push({ timeEntryId, reason: `rate ${bill.rate ?? 'none'} in NetSuite, ${line.billRate} in the PSA` });
  }
  for (const bill of approvedBills) {
    if (matched.has(bill.id)) continue;
    mismatches.push({ timeEntryId: bill.externalId ?? `netsuite:${bill.id}`, reason: 'approved time bill in NetSuite without an approved PSA line' });
    if (bill.billable) erpAmount.set('unmatched', (erpAmount.get('unmatched') ?? new Decimal(0)).plus(new Decimal(bill.hours).times(bill.rate ?? '0')));
  }

  const expectedPerDay = new Map<string, number>();
  for (const line of input.lines) {
    const ids = input.ledgerIdsOf(line);
    if (!ids.employeeId || !ids.projectId) continue;
    const key = `${ids.employeeId}|${ids.projectId}|${line.workDate}`;
    expectedPerDay.set(key, (expectedPerDay.get(key) ?? 0) + 1);
  }
  const actualPerDay = new Map<string, number>();
  for (const bill of approvedBills) {
    const key = `${bill.employeeId}|${bill.projectId}|${bill.workDate}`;
    actualPerDay.set(key, (actualPerDay.get(key) ?? 0) + 1);
  }
  let duplicates = 0;
  for (const [key, count] of actualPerDay) duplicates += Math.max(0, count - (expectedPerDay.get(key) ?? 1));

  // Each currency with its own minor unit (JPY 0, KWD 3); 'unmatched' (currency unknown) exactly.
  const text = (m: Map<string, Decimal>) =>
    Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)).map(([c, v]) => [c, isCurrencyCode(c) ? v.toFixed(minorUnitsOf(c)) : v.toFixed()]));
  return {
    psa: { approvedLines: input.lines.length, approvedHours: psaHours.toFixed(2), billableAmount: text(psaAmount) },
    erp: { timeBills: approvedBills.length, hours: approvedBills.reduce((t, b) => t.plus(b.hours), new Decimal(0)).toFixed(2), billableAmount: text(erpAmount) },
    mismatches,
    explainedByExceptions,
    duplicates,
  };
}
