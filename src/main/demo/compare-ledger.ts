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

/** An approved line the ground truth says must be held as an exception of `category`, not posted. */
export interface ExpectedHold {
  timecardId: string;
  workDate: string;
  category: string;
}

/** An open exception of the time flow: the time entry subject of its run and its category. */
export interface HeldException {
  subject: string;
  category: string;
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

/** Lines, hours and billable amount per currency. */
export interface LineTotals {
  approvedLines: number;
  approvedHours: string;
  billableAmount: Record<string, string>;
}

/** The comparison of the PSA ground truth with the ledger and the hub's exceptions. */
export interface LedgerComparison {
  /** Every approved PSA line. */
  psa: LineTotals;
  /** The lines the ground truth says must be posted (approved, not held). */
  expectedPosted: LineTotals;
  erp: { timeBills: number; hours: string; billableAmount: Record<string, string> };
  /** What the ground truth predicts the hub holds, by category, and what it holds. */
  expectedExceptions: { count: number; byCategory: Record<string, number> };
  exceptions: { count: number; byCategory: Record<string, number> };
  /** Every difference: a line missing or wrong in the ledger, a line posted that must be held, an exception the ground truth does not predict or a predicted one missing. */
  mismatches: Array<{ timeEntryId: string; reason: string }>;
  /** Ledger bills beyond one per PSA line of the same employee, project and day. */
  duplicates: number;
}

/**
 * Compares approved PSA lines with NetSuite time bills by the hub's deterministic external id, and
 * the hub's open exceptions with the ones the ground truth predicts. An exception explains a missing
 * line only when the ground truth predicts that exception (same line, same category); any other
 * exception is itself a difference. `ledgerIdsOf` maps a line's PSA resource/project to NetSuite
 * employee/job ids (for duplicates).
 */
export function compareLedger(input: {
  lines: readonly PsaLine[];
  bills: readonly LedgerBill[];
  subjectOf(line: Pick<PsaLine, 'timecardId' | 'workDate'>): string;
  expectedHolds: readonly ExpectedHold[];
  exceptions: readonly HeldException[];
  ledgerIdsOf(line: PsaLine): { employeeId?: string | undefined; projectId?: string | undefined };
}): LedgerComparison {
  const expectedBySubject = new Map(input.expectedHolds.map((h) => [input.subjectOf(h), h.category]));
  const heldBySubject = new Map<string, Set<string>>();
  for (const e of input.exceptions) heldBySubject.set(e.subject, (heldBySubject.get(e.subject) ?? new Set()).add(e.category));
  const approvedBills = input.bills.filter((b) => b.status === 'approved');
  const byExternalId = new Map(approvedBills.filter((b) => b.externalId).map((b) => [b.externalId!, b]));
  const mismatches: LedgerComparison['mismatches'] = [];
  const matched = new Set<string>();
  const erpAmount = new Map<string, Decimal>();
  const toPost: PsaLine[] = [];
  const lineSubjects = new Set<string>();
  for (const line of input.lines) {
    const timeEntryId = `${line.timecardId}:${line.workDate}`;
    const subject = input.subjectOf(line);
    lineSubjects.add(subject);
    const bill = byExternalId.get(timeBillExternalIdForSubject(subject));
    if (bill) matched.add(bill.id);
    const expectedHold = expectedBySubject.get(subject);
    const held = heldBySubject.get(subject);
    if (expectedHold !== undefined) {
      if (bill) mismatches.push({ timeEntryId, reason: `posted to NetSuite, but the ground truth holds it as ${expectedHold}` });
      if (!held?.has(expectedHold)) mismatches.push({ timeEntryId, reason: `no open ${expectedHold} exception holds it (the hub has: ${held ? [...held].join(', ') : 'none'})` });
      continue;
    }
    toPost.push(line);
    if (bill && held) mismatches.push({ timeEntryId, reason: `posted, yet an open ${[...held].join(', ')} exception the ground truth does not predict stands on it` });
    if (!bill) {
      mismatches.push({ timeEntryId, reason: `approved in the PSA, no approved time bill in NetSuite${held ? ` (held as ${[...held].join(', ')}, which the ground truth does not predict)` : ''}` });
      continue;
    }
    if (bill.billable) {
      const amount = new Decimal(bill.hours).times(bill.rate ?? '0').toDecimalPlaces(minorUnitsOf(line.currency), Decimal.ROUND_HALF_EVEN);
      erpAmount.set(line.currency, (erpAmount.get(line.currency) ?? new Decimal(0)).plus(amount));
    }
    if (!new Decimal(bill.hours).equals(line.hours)) mismatches.push({ timeEntryId, reason: `hours ${bill.hours} in NetSuite, ${line.hours} in the PSA` });
    else if (bill.billable !== line.billable) mismatches.push({ timeEntryId, reason: `billable ${bill.billable} in NetSuite, ${line.billable} in the PSA` });
    else if (line.billable && !new Decimal(bill.rate ?? '0').equals(line.billRate)) mismatches.push({ timeEntryId, reason: `rate ${bill.rate ?? 'none'} in NetSuite, ${line.billRate} in the PSA` });
  }
  // Exceptions on approved lines were judged with their line above; any other one is unexplained.
  for (const [subject, categories] of heldBySubject) {
    if (lineSubjects.has(subject)) continue;
    for (const category of categories) mismatches.push({ timeEntryId: subject, reason: `open ${category} exception the ground truth does not predict` });
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

  return {
    psa: totalsOf(input.lines),
    expectedPosted: totalsOf(toPost),
    erp: { timeBills: approvedBills.length, hours: approvedBills.reduce((t, b) => t.plus(b.hours), new Decimal(0)).toFixed(2), billableAmount: text(erpAmount) },
    expectedExceptions: { count: input.expectedHolds.length, byCategory: countBy(input.expectedHolds.map((h) => h.category)) },
    exceptions: { count: input.exceptions.length, byCategory: countBy(input.exceptions.map((e) => e.category)) },
    mismatches,
    duplicates,
  };
}

function totalsOf(lines: readonly PsaLine[]): LineTotals {
  const amount = new Map<string, Decimal>();
  let hours = new Decimal(0);
  for (const line of lines) {
    hours = hours.plus(line.hours);
    if (line.billable) amount.set(line.currency, (amount.get(line.currency) ?? new Decimal(0)).plus(line.amount));
  }
  return { approvedLines: lines.length, approvedHours: hours.toFixed(2), billableAmount: text(amount) };
}

/** Each currency with its own minor unit (JPY 0, KWD 3); 'unmatched' (currency unknown) exactly. */
function text(m: Map<string, Decimal>): Record<string, string> {
  return Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)).map(([c, v]) => [c, isCurrencyCode(c) ? v.toFixed(minorUnitsOf(c)) : v.toFixed()]));
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of [...values].sort()) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
