import { describe, expect, it } from 'vitest';
import { compareLedger, type LedgerBill, type PsaLine } from '../../../src/main/demo/compare-ledger.js';

const line = (over: Partial<PsaLine>): PsaLine => ({
  timecardId: 'a0T1', workDate: '2026-01-05', resourceId: 'r1', projectId: 'p1', hours: '8', billRate: '185.00',
  currency: 'USD', billable: true, amount: '1480.00', ...over,
});

describe('ledger comparison totals', () => {
  it('formats each currency with its own minor unit (JPY none, KWD three)', () => {
    const lines = [
      line({ timecardId: 'a', currency: 'JPY', billRate: '15000', amount: '120000' }),
      line({ timecardId: 'b', currency: 'KWD', billRate: '55.125', hours: '7.5', amount: '413.438' }),
    ];
    const bills: LedgerBill[] = lines.map((l, i) => ({ id: String(i), externalId: `x${i}`, workDate: l.workDate, hours: l.hours, rate: l.billRate, billable: true, status: 'approved' }));
    const result = compareLedger({
      lines,
      bills,
      subjectOf: (l) => `time_entry:salesforce:${l.timecardId}:${l.workDate}`,
      explained: new Set(),
      ledgerIdsOf: () => ({}),
    });
    expect(result.psa.billableAmount).toEqual({ JPY: '120000', KWD: '413.438' });
  });
});
