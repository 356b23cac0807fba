// Valid canonical samples, one per entity family, shared by the entity, event and schema tests.
import type {
  ApprovedTime, BillingEvent, Client, Contract, Deal, Engagement, Expense, Invoice, Milestone, Payment, RateCard, Worker,
} from '../../src/canonical/index.js';

export const ulid = '01JH8Z5X6Q3W9V2K7M4N1P0R5T';
export const ref = (type: string, id: string) => ({ canonicalId: `tl_${type}_${ulid}`, refs: [{ system: 'salesforce', connection: 'sf-prod', objectType: 'Account', id }] });
export const sfRef = (objectType: string, id: string) => ({ refs: [{ system: 'salesforce', connection: 'sf-prod', objectType, id }] });
const usd = (amount: string) => ({ amount, currency: 'USD' as const });

export const client: Client = {
  id: `tl_client_${ulid}`,
  systemRefs: [{ system: 'salesforce', connection: 'sf-prod', objectType: 'Account', id: '001A' }],
  name: 'Acme Corp',
  domain: 'acme.com',
  billTo: { lines: ['1 Main St'], city: 'Boston', region: 'MA', postalCode: '02110', country: 'US' },
  taxProfile: { taxId: '12-3456789', taxExempt: false },
  legalEntityRef: { canonicalId: `tl_legal_entity_${ulid}`, refs: [] },
  currency: 'USD',
  status: 'active',
};

export const deal: Deal = {
  systemRefs: [{ system: 'salesforce', connection: 'sf-prod', objectType: 'Opportunity', id: '006A' }],
  name: 'Acme ERP rollout',
  clientRef: sfRef('Account', '001A'),
  stage: 'Closed Won',
  closeDate: '2026-01-15',
  wonAt: '2026-01-15T16:00:00Z',
  currency: 'USD',
  amount: usd('120000.00'),
  billingModel: 'time_and_materials',
  practice: 'ERP',
  region: 'NA',
  soldServices: [{
    lineId: '00kA', description: 'Senior consultant', role: 'Senior Consultant', quantity: '600', unit: 'hour',
    unitPrice: usd('200.00'), total: usd('120000.00'),
  }],
};

export const contract: Contract = {
  systemRefs: [],
  clientRef: sfRef('Account', '001A'),
  billingModel: 'milestone',
  currency: 'EUR',
  startDate: '2026-02-01',
  milestoneSchedule: [
    { key: 'M1', name: 'Design', amount: { amount: '10000.00', currency: 'EUR' }, dueDate: '2026-03-01', dependsOn: [] },
    { key: 'M2', name: 'Build', amount: { amount: '20000.00', currency: 'EUR' }, dueDate: '2026-05-01', dependsOn: ['M1'] },
  ],
  taxTreatment: 'reverse_charge',
  revenuePolicy: 'milestone_acceptance',
  status: 'active',
  amendments: [{ amendmentId: 'CO-1', effectiveDate: '2026-04-01', description: 'Extend build', changedFields: ['milestoneSchedule'] }],
};

export const engagement: Engagement = {
  systemRefs: [],
  projectCode: 'ACME-ERP-01',
  name: 'Acme ERP rollout',
  clientRef: ref('client', '001A'),
  billingModel: 'time_and_materials',
  currency: 'USD',
  practice: 'ERP',
  region: 'NA',
  legalEntityRef: { canonicalId: `tl_legal_entity_${ulid}`, refs: [] },
  startDate: '2026-02-01',
  status: 'active',
  closedForTime: false,
  closedForExpense: false,
  tasks: [{ code: '1', name: 'Design', billable: true, systemRefs: [] }],
};

export const worker: Worker = {
  systemRefs: [{ system: 'workday', connection: 'wd', objectType: 'Worker', id: 'W-100' }],
  employeeId: 'E100',
  displayName: 'Dana Lee',
  role: 'Senior Consultant',
  employeeClass: 'employee',
  costRate: usd('95.00'),
  homeLegalEntityRef: { canonicalId: `tl_legal_entity_${ulid}`, refs: [] },
  region: 'NA',
  activeFrom: '2024-05-01',
  status: 'active',
};

export const rateCard: RateCard = {
  systemRefs: [],
  name: 'NA 2026',
  entries: [{ role: 'Senior Consultant', region: 'NA', currency: 'USD', effectiveFrom: '2026-01-01', billRate: usd('200.00'), costRate: usd('95.00') }],
};

export const approvedTime: ApprovedTime = {
  timeEntryId: 'a0Tx1:2026-02-02',
  sourceTimecardId: 'a0Tx1',
  workerRef: sfRef('Contact', '003A'),
  projectRef: sfRef('pse__Proj__c', 'a1A'),
  taskRef: { code: '1' },
  workDate: '2026-02-02',
  hours: '7.5',
  billable: true,
  billRate: usd('200.00'),
  approvedAt: '2026-02-06T17:00:00Z',
};

export const expense: Expense = {
  expenseId: 'a0E1',
  workerRef: sfRef('Contact', '003A'),
  projectRef: sfRef('pse__Proj__c', 'a1A'),
  date: '2026-02-03',
  category: 'Travel',
  amount: { amount: '412.80', currency: 'GBP' },
  tax: { amount: '68.80', currency: 'GBP' },
  billable: true,
  status: 'approved',
  approvedAt: '2026-02-07T10:00:00Z',
};

export const milestone: Milestone = {
  systemRefs: [],
  engagementRef: ref('engagement', 'a1A'),
  name: 'Design',
  amount: { amount: '10000.00', currency: 'EUR' },
  dueDate: '2026-03-01',
  status: 'completed',
  completedAt: '2026-02-27T12:00:00Z',
  dependsOn: [],
};

export const billingEvent: BillingEvent = {
  systemRefs: [],
  engagementRef: ref('engagement', 'a1A'),
  clientRef: ref('client', '001A'),
  kind: 'milestone',
  amount: { amount: '10000.00', currency: 'EUR' },
  date: '2026-02-27',
  sources: [{ kind: 'milestone', key: `tl_milestone_${ulid}` }],
  status: 'released',
};

export const invoice: Invoice = {
  systemRefs: [{ system: 'netsuite', connection: 'ns', objectType: 'invoice', id: '9001' }],
  number: 'INV-1001',
  clientRef: ref('client', '001A'),
  legalEntityRef: { canonicalId: `tl_legal_entity_${ulid}`, refs: [] },
  currency: 'USD',
  issueDate: '2026-03-01',
  dueDate: '2026-03-31',
  status: 'issued',
  lines: [
    { lineId: '1', description: 'Time Feb', quantity: '7.5', unitPrice: usd('200.00'), amount: usd('1500.00'), tax: usd('0.00'),
      sources: [{ kind: 'time_entry', key: 'a0Tx1:2026-02-02', sourceVersion: '3' }] },
    { lineId: '2', description: 'Travel', amount: usd('412.80'), tax: usd('82.56'), sources: [{ kind: 'expense', key: 'a0E1' }] },
  ],
  subtotal: usd('1912.80'),
  taxTotal: usd('82.56'),
  total: usd('1995.36'),
  amountDue: usd('1995.36'),
};

export const payment: Payment = {
  systemRefs: [],
  clientRef: ref('client', '001A'),
  amount: usd('1000.00'),
  receivedDate: '2026-03-20',
  applications: [{ invoiceRef: ref('invoice', '9001'), amount: usd('1000.00') }],
};
