import { beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { startEstate } from '../../../src/sandboxes/estate.js';
import { firmEndpointsOf } from '../../../src/sandboxes/firm/estate-endpoints.js';
import { createFirmSimulator } from '../../../src/sandboxes/firm/firm-simulator.js';
import type { GroundTruth } from '../../../src/sandboxes/firm/ground-truth.js';
import { simulationClock } from '../../../src/sandboxes/firm/run-simulation.js';

type SfRecord = Record<string, unknown> & { Id: string };

const sum = (values: Decimal.Value[]) => values.reduce<Decimal>((total, value) => total.plus(value), new Decimal(0));

describe('firm simulator: retainers, subscriptions and contract amendments', () => {
  let truth: GroundTruth;
  const records: Record<string, SfRecord[]> = {};

  beforeAll(async () => {
    const estate = await startEstate({ only: ['salesforce', 'workday'], clock: simulationClock('2026-01-05') });
    try {
      // Ten consultants: a backlog of five deals, one per billing model; change orders on every chance.
      const simulator = createFirmSimulator({ ...firmEndpointsOf(estate), seed: 11, startDate: '2026-01-05', days: 63, consultants: 10, amendmentRate: 1 });
      truth = await simulator.run();
      for (const type of ['Opportunity', 'OpportunityLineItem', 'Contract', 'pse__Proj__c', 'pse__Assignment__c', 'pse__Milestone__c', 'pse__Timecard_Header__c']) {
        records[type] = (await (await fetch(`${estate.sandboxes.salesforce!.adminUrl}/records/${type}`)).json()) as SfRecord[];
      }
    } finally {
      await estate.stop();
    }
  }, 90_000);

  const byId = (type: string, id: string) => records[type]!.find((record) => record.Id === id)!;

  it('closes deals of all five billing models', () => {
    expect(new Set(truth.deals.map((deal) => deal.billingModel))).toEqual(new Set(['time_and_materials', 'fixed_fee', 'milestone', 'retainer', 'subscription']));
  });

  it('books a subscription as an activated 12-month Contract and a monthly fee billed in advance', () => {
    const deal = truth.deals.find((d) => d.billingModel === 'subscription')!;
    expect(deal.termMonths).toBe(12);
    expect(Number(deal.amount)).toBe(Number(deal.monthlyFee) * 12);
    const contract = byId('Contract', deal.contractId!);
    expect(contract).toMatchObject({ Status: 'Activated', ContractTerm: 12 });
    expect(byId('Opportunity', deal.opportunityId)).toMatchObject({ ContractId: deal.contractId, Billing_Model__c: 'Subscription', StageName: 'Closed Won' });
    const lines = records.OpportunityLineItem!.filter((line) => line.OpportunityId === deal.opportunityId);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ Quantity: 12, UnitPrice: Number(deal.monthlyFee) });

    const project = truth.projects.find((p) => p.billingModel === 'subscription')!;
    expect(project.recurringFee).toEqual({ monthlyFee: deal.monthlyFee, months: 12, billedIn: 'advance' });
    // 63 days from the 5th of January: service months starting Jan 5, Feb 5 and Mar 5 are invoiced.
    const invoices = project.expectedInvoices.filter((invoice) => invoice.kind === 'subscription');
    expect(invoices.map((invoice) => [invoice.date, invoice.periodEnd, invoice.amount]).slice(0, 3)).toEqual([
      ['2026-01-05', '2026-02-04', deal.monthlyFee], ['2026-02-05', '2026-03-04', deal.monthlyFee], ['2026-03-05', '2026-04-04', deal.monthlyFee],
    ]);
    expect(invoices.every((invoice) => invoice.date <= truth.endDate)).toBe(true);
    expect(project.billableHours).toBe('0.00'); // support time is covered by the fee
  });

  it('bills a retainer through one PSA milestone per month, invoiced in arrears once completed', () => {
    const project = truth.projects.find((p) => p.billingModel === 'retainer' && p.milestones.some((m) => m.completedOn !== null))!;
    expect(byId('pse__Proj__c', project.projectId).Billing_Model__c).toBe('Retainer');
    const months = project.milestones.filter((m) => m.purpose === 'retainer_month');
    expect(months.length).toBe(project.recurringFee!.months);
    expect(months.every((m) => m.amount === project.recurringFee!.monthlyFee)).toBe(true);
    expect(sum(months.map((m) => m.amount)).toFixed(2)).toBe(new Decimal(project.recurringFee!.monthlyFee).times(project.recurringFee!.months).toFixed(2));
    const completed = months.filter((m) => m.completedOn !== null);
    expect(completed.length).toBeGreaterThan(0);
    const invoices = project.expectedInvoices.filter((invoice) => invoice.kind === 'retainer');
    expect(invoices.map((invoice) => invoice.sourceKeys[0])).toEqual(completed.map((m) => m.milestoneKey));
    for (const invoice of invoices) expect(invoice.periodEnd <= invoice.date).toBe(true);
  });

  it('books change orders as won Amendment opportunities and changes the PSA accordingly', () => {
    expect(new Set(truth.amendments.map((a) => a.kind))).toEqual(new Set(['rate_change', 'added_hours', 'added_milestone']));
    for (const amendment of truth.amendments) {
      expect(byId('Opportunity', amendment.opportunityId)).toMatchObject({ Type: 'Amendment', StageName: 'Closed Won', CurrencyIsoCode: amendment.currency });
      const project = truth.projects.find((p) => p.projectKey === amendment.projectKey)!;
      expect(project.amendmentKeys).toContain(amendment.amendmentKey);
    }
    for (const project of truth.projects.filter((p) => p.knownToHub)) {
      const deal = truth.deals.find((d) => d.dealKey === truth.amendments.find((a) => a.projectKey === project.projectKey)?.dealKey);
      if (!deal) continue;
      const added = truth.amendments.filter((a) => a.projectKey === project.projectKey).map((a) => a.amount);
      expect(project.contractValue).toBe(sum([deal.amount, ...added]).toFixed(2));
    }
    // The PSA's end date is the newest extension's (a project may be extended more than once).
    const extensions = truth.amendments.filter((a) => a.kind === 'added_hours');
    expect(extensions.length).toBeGreaterThan(0);
    for (const projectId of new Set(extensions.map((a) => a.projectId))) {
      const newest = extensions.filter((a) => a.projectId === projectId).map((a) => a.newEndDate!).sort().at(-1);
      expect(byId('pse__Proj__c', projectId).pse__End_Date__c).toBe(newest);
    }
    for (const amendment of truth.amendments.filter((a) => a.kind === 'added_milestone')) {
      expect(byId('pse__Milestone__c', amendment.milestoneId!)).toMatchObject({ pse__Milestone_Amount__c: Number(amendment.amount), pse__Project__c: amendment.projectId });
    }
  });

  it('applies a new bill rate from the effective date: approved time before keeps the old rate, after gets the new one', () => {
    const changes = truth.amendments.filter((a) => a.kind === 'rate_change');
    expect(changes.length).toBeGreaterThan(0);
    const timecardAssignment = new Map(records.pse__Timecard_Header__c!.map((record) => [record.Id, record.pse__Assignment__c as string]));
    let linesAfter = 0;
    for (const change of changes) {
      expect(new Decimal(change.billRateAfter!).greaterThan(change.billRateBefore!)).toBe(true);
      const before = byId('pse__Assignment__c', change.assignmentIdBefore!);
      const after = byId('pse__Assignment__c', change.assignmentIdAfter!);
      expect(String(before.pse__End_Date__c) < change.effectiveDate).toBe(true);
      expect(after).toMatchObject({ pse__Start_Date__c: change.effectiveDate, pse__Bill_Rate__c: Number(change.billRateAfter), pse__Resource__c: before.pse__Resource__c });
      for (const line of truth.approvedLines.filter((l) => timecardAssignment.get(l.timecardId) === change.assignmentIdAfter)) {
        linesAfter += 1;
        expect(line.workDate >= change.effectiveDate).toBe(true);
        expect(line.billRate).toBe(change.billRateAfter);
      }
      for (const line of truth.approvedLines.filter((l) => timecardAssignment.get(l.timecardId) === change.assignmentIdBefore)) {
        expect(line.workDate < change.effectiveDate).toBe(true);
        expect(line.billRate).toBe(change.billRateBefore);
      }
    }
    expect(linesAfter).toBeGreaterThan(0);
  });

  it('extends the per-project ground truth: time by currency, milestones billable and expected invoices that add up', () => {
    const held = new Set(truth.expectedTimeExceptions.map((e) => `${e.timecardId}:${e.workDate}`));
    for (const project of truth.projects) {
      // Lines the hub must hold (wrong currency, no rate, overbooked day) are neither posted nor billed.
      const lines = truth.approvedLines.filter((line) => line.projectKey === project.projectKey && !held.has(`${line.timecardId}:${line.workDate}`));
      const time = project.timeByCurrency[project.currency] ?? { billableHours: '0.00', nonBillableHours: '0.00', billableAmount: '0.00', nonBillableAmount: '0.00' };
      expect(Object.keys(project.timeByCurrency).every((currency) => currency === project.currency)).toBe(true);
      expect(time.billableHours).toBe(project.billableHours);
      expect(time.nonBillableHours).toBe(project.nonBillableHours);
      expect(time.billableAmount).toBe(project.billableTimeAmount);
      expect(time.nonBillableAmount).toBe(sum(lines.filter((l) => !l.billable).map((l) => new Decimal(l.hours).times(l.billRate))).toFixed(2));
      expect(project.milestonesBillableCount).toBe(project.milestones.filter((m) => m.completedOn !== null).length);

      const invoices = project.expectedInvoices;
      expect(new Set(invoices.map((invoice) => invoice.invoiceKey)).size).toBe(invoices.length);
      expect(invoices.every((invoice) => invoice.date <= truth.endDate && invoice.projectId === project.projectId)).toBe(true);
      // Time invoiced by month plus what is not yet due is exactly the billable time.
      const timeInvoiced = sum(invoices.filter((invoice) => invoice.kind === 'time').map((invoice) => invoice.amount));
      expect(timeInvoiced.plus(project.unbilledTimeAmount).toFixed(2)).toBe(project.billableTimeAmount);
      const milestoneInvoiced = sum(invoices.filter((invoice) => invoice.kind === 'milestone' || invoice.kind === 'retainer').map((invoice) => invoice.amount));
      expect(milestoneInvoiced.toFixed(2)).toBe(project.milestonesBillable);
      if (project.billingModel !== 'time_and_materials') expect(invoices.some((invoice) => invoice.kind === 'time')).toBe(false);
    }
    expect(truth.projects.some((project) => project.expectedInvoices.some((invoice) => invoice.kind === 'time'))).toBe(true);
    expect(truth.projects.some((project) => project.expectedInvoices.some((invoice) => invoice.kind === 'expenses'))).toBe(true);
  });
});
