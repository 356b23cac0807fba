import { describe, expect, it } from 'vitest';
import {
  billingEventSchema, clientSchema, contractSchema, dealSchema, engagementSchema, entityRefSchema, expenseSchema,
  forecastSnapshotSchema, fxRateEntitySchema, invoiceSchema, legalEntitySchema, milestoneSchema, paymentSchema,
  rateCardSchema, revenueScheduleSchema, taxRuleSchema, timeEntryKey, timeEntrySchema, workerSchema,
} from '../../../src/canonical/index.js';
import { formatPath } from '../../../src/canonical/parse-event.js';
import {
  approvedTime, billingEvent, client, contract, deal, engagement, expense, invoice, milestone, payment, rateCard, ref, ulid, worker,
} from '../fixtures.js';

function issuesOf(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): string[] {
  return result.success ? [] : result.error!.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
}

describe('canonical entities', () => {
  it.each([
    ['client', clientSchema, client], ['deal', dealSchema, deal], ['contract', contractSchema, contract],
    ['engagement', engagementSchema, engagement], ['worker', workerSchema, worker], ['rate card', rateCardSchema, rateCard],
    ['expense', expenseSchema, expense], ['milestone', milestoneSchema, milestone], ['billing event', billingEventSchema, billingEvent],
    ['invoice', invoiceSchema, invoice], ['payment', paymentSchema, payment],
  ] as const)('accepts a valid %s', (_name, schema, sample) => {
    expect(issuesOf(schema.safeParse(sample))).toEqual([]);
  });

  it('accepts the smaller families', () => {
    const lines = [{ engagementRef: ref('engagement', 'a1A'), hours: '120.5', cost: { amount: '9000.00', currency: 'USD' },
      billings: { amount: '24100.00', currency: 'USD' }, collections: { amount: '0.00', currency: 'USD' }, backlog: { amount: '95900.00', currency: 'USD' } }];
    expect(issuesOf(forecastSnapshotSchema.safeParse({ systemRefs: [], period: '2026-02', asOf: '2026-03-01T00:00:00Z', lines }))).toEqual([]);
    expect(issuesOf(legalEntitySchema.safeParse({ systemRefs: [], code: 'US01', name: 'Firm Inc', country: 'US', functionalCurrency: 'USD' }))).toEqual([]);
    expect(issuesOf(fxRateEntitySchema.safeParse({ from: 'EUR', to: 'USD', rate: '1.0852', date: '2026-02-27', source: 'ecb' }))).toEqual([]);
    expect(issuesOf(taxRuleSchema.safeParse({ systemRefs: [], code: 'UK-VAT-STD', country: 'GB', appliesTo: [], treatment: 'taxable', rate: '0.2', effectiveFrom: '2011-01-04' }))).toEqual([]);
    expect(issuesOf(revenueScheduleSchema.safeParse({ systemRefs: [], contractRef: ref('contract', 'x'), policy: 'straight_line',
      total: { amount: '1200.00', currency: 'USD' }, lines: [{ period: '2026-01', amount: { amount: '100.00', currency: 'USD' }, recognized: true }] }))).toEqual([]);
    expect(issuesOf(timeEntrySchema.safeParse({ ...approvedTime, status: 'approved', approval: { approvedAt: approvedTime.approvedAt } }))).toEqual([]);
  });

  it('rejects money as a number, unknown currencies and exponent amounts, naming the path', () => {
    expect(issuesOf(dealSchema.safeParse({ ...deal, amount: { amount: 120000, currency: 'USD' } }))).toEqual([
      'amount.amount: Invalid input: expected string, received number',
    ]);
    expect(issuesOf(workerSchema.safeParse({ ...worker, costRate: { amount: '95', currency: 'usd' } }))[0]).toMatch(/^costRate.currency:/);
    expect(issuesOf(expenseSchema.safeParse({ ...expense, amount: { amount: '4.128e2', currency: 'GBP' } }))[0]).toMatch(/^amount.amount: must be a decimal string/);
  });

  it('rejects impossible dates, bad enums and bad ids', () => {
    expect(issuesOf(contractSchema.safeParse({ ...contract, startDate: '2026-02-30' }))[0]).toMatch(/^startDate:/);
    expect(issuesOf(contractSchema.safeParse({ ...contract, billingModel: 'hourly' }))[0]).toMatch(/^billingModel:/);
    expect(issuesOf(clientSchema.safeParse({ ...client, id: 'tl_deal_' + ulid }))[0]).toMatch(/^id: must be a canonical id tl_client_<ulid>/);
    expect(issuesOf(engagementSchema.safeParse({ ...engagement, projectCode: 'has space' }))[0]).toMatch(/^projectCode:/);
    expect(issuesOf(timeEntrySchema.safeParse({ ...approvedTime, timeEntryId: 'a0Tx1', status: 'approved', approval: {} }))[0]).toMatch(/^timeEntryId:/);
    expect(issuesOf(timeEntrySchema.safeParse({ ...approvedTime, hours: '-1', status: 'approved', approval: {} }))[0]).toMatch(/^hours:/);
  });

  it('a time entry key is <timecardId>:<date>', () => {
    expect(timeEntryKey('a0Tx1', '2026-02-02')).toBe('a0Tx1:2026-02-02');
    expect(() => timeEntryKey('a0 Tx1', '2026-02-02')).toThrow();
    expect(() => timeEntryKey('a0Tx1', '2/2/2026')).toThrow();
  });

  it('an entity reference needs a canonical id or a system ref', () => {
    expect(entityRefSchema('client').safeParse({ refs: [] }).success).toBe(false);
    expect(entityRefSchema('client').safeParse({ canonicalId: `tl_client_${ulid}`, refs: [] }).success).toBe(true);
    expect(entityRefSchema('client').safeParse({ canonicalId: `tl_worker_${ulid}`, refs: [] }).success).toBe(false);
  });

  it('invoice totals must add up in one currency', () => {
    expect(issuesOf(invoiceSchema.safeParse({ ...invoice, total: { amount: '1995.35', currency: 'USD' } }))).toEqual([
      'total: must equal subtotal + taxTotal',
    ]);
    expect(issuesOf(invoiceSchema.safeParse({ ...invoice, subtotal: { amount: '1912.81', currency: 'USD' }, total: { amount: '1995.37', currency: 'USD' } }))).toEqual([
      'subtotal: must equal the sum of line amounts (1912.80)',
    ]);
    expect(issuesOf(invoiceSchema.safeParse({ ...invoice, amountDue: { amount: '1995.36', currency: 'EUR' } }))).toEqual([
      'currency: every amount must be in USD',
    ]);
    expect(issuesOf(invoiceSchema.safeParse({ ...invoice, lines: [{ ...invoice.lines[0]!, sources: [] }] }))[0]).toMatch(/^lines\[0\].sources:/);
  });

  it('rate card rates must be in the entry currency; payment applications in the payment currency', () => {
    const entry = { ...rateCard.entries[0]!, billRate: { amount: '180.00', currency: 'EUR' as const } };
    expect(issuesOf(rateCardSchema.safeParse({ ...rateCard, entries: [entry] }))[0]).toMatch(/^entries\[0\].currency:/);
    const application = { ...payment.applications[0]!, amount: { amount: '1', currency: 'EUR' as const } };
    expect(issuesOf(paymentSchema.safeParse({ ...payment, applications: [application] }))[0]).toMatch(/^applications:/);
  });
});
