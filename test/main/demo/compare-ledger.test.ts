// Regression (issue 9 item 8): any open exception explained any missing line, and a comparison of
// nothing agreed. An exception explains a line only when the ground truth predicts it there.
import { describe, expect, it } from 'vitest';
import { timeBillExternalIdForSubject } from '../../../src/flows/time-to-ledger/time-entry-event.js';
import { compareLedger, type ExpectedHold, type HeldException, type LedgerBill, type PsaLine } from '../../../src/main/demo/compare-ledger.js';

const line = (over: Partial<PsaLine>): PsaLine => ({
  timecardId: 'a0T1', workDate: '2026-01-05', resourceId: 'r1', projectId: 'p1', hours: '8', billRate: '185.00',
  currency: 'USD', billable: true, amount: '1480.00', ...over,
});
const subjectOf = (l: Pick<PsaLine, 'timecardId' | 'workDate'>) => `time_entry:salesforce:${l.timecardId}:${l.workDate}`;
const billOf = (l: PsaLine, i: number): LedgerBill => ({
  id: String(i), externalId: timeBillExternalIdForSubject(subjectOf(l)), workDate: l.workDate, hours: l.hours, rate: l.billRate, billable: l.billable, status: 'approved',
});
const compare = (lines: PsaLine[], bills: LedgerBill[], expectedHolds: ExpectedHold[] = [], exceptions: HeldException[] = []) =>
  compareLedger({ lines, bills, subjectOf, expectedHolds, exceptions, ledgerIdsOf: () => ({}) });

describe('ledger comparison against the ground truth', () => {
  it('formats each currency with its own minor unit (JPY none, KWD three)', () => {
    const lines = [
      line({ timecardId: 'a', currency: 'JPY', billRate: '15000', amount: '120000' }),
      line({ timecardId: 'b', currency: 'KWD', billRate: '55.125', hours: '7.5', amount: '413.438' }),
    ];
    const result = compare(lines, lines.map(billOf));
    expect(result.psa.billableAmount).toEqual({ JPY: '120000', KWD: '413.438' });
    expect(result.erp.billableAmount).toEqual({ JPY: '120000', KWD: '413.438' });
    expect(result.mismatches).toEqual([]);
  });

  it('an exception explains a missing line only when the ground truth predicts that exception on that line', () => {
    const posted = line({ timecardId: 'ok' });
    const predicted = line({ timecardId: 'held', hours: '1' });
    const wrongCategory = line({ timecardId: 'wrongcat' });
    const unpredicted = line({ timecardId: 'lost' });
    const result = compare(
      [posted, predicted, wrongCategory, unpredicted],
      [billOf(posted, 0)],
      [{ timecardId: 'held', workDate: predicted.workDate, category: 'impossible_day' }, { timecardId: 'wrongcat', workDate: wrongCategory.workDate, category: 'missing_rate' }],
      [
        { subject: subjectOf(predicted), category: 'impossible_day' },
        { subject: subjectOf(wrongCategory), category: 'project_closed' },
        { subject: subjectOf(unpredicted), category: 'project_closed' },
      ],
    );
    expect(result.mismatches.map((m) => m.timeEntryId).sort()).toEqual(['lost:2026-01-05', 'wrongcat:2026-01-05']);
    expect(result.mismatches.find((m) => m.timeEntryId.startsWith('lost'))!.reason).toContain('held as project_closed, which the ground truth does not predict');
    expect(result.expectedPosted.approvedLines).toBe(2);
    expect(result.expectedExceptions.byCategory).toEqual({ impossible_day: 1, missing_rate: 1 });
    expect(result.exceptions.byCategory).toEqual({ project_closed: 2, impossible_day: 1 });
  });

  it('a line the ground truth holds must not be posted, and an exception on no approved line is a difference too', () => {
    const held = line({ timecardId: 'held' });
    const result = compare([held], [billOf(held, 0)], [{ timecardId: 'held', workDate: held.workDate, category: 'currency_mismatch' }], [
      { subject: subjectOf(held), category: 'currency_mismatch' },
      { subject: 'time_entry:salesforce:gone:2026-01-06', category: 'unknown_worker' },
    ]);
    expect(result.mismatches).toEqual([
      { timeEntryId: 'held:2026-01-05', reason: 'posted to NetSuite, but the ground truth holds it as currency_mismatch' },
      { timeEntryId: 'time_entry:salesforce:gone:2026-01-06', reason: 'open unknown_worker exception the ground truth does not predict' },
    ]);
  });

  it('compares nothing when there are no lines: no mismatch, and zero lines for the caller to refuse', () => {
    const result = compare([], []);
    expect(result.psa.approvedLines).toBe(0);
    expect(result.mismatches).toEqual([]);
  });
});
