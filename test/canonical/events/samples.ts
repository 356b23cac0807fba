// One valid data sample per event type; `satisfies` makes a new event type without a sample a build error.
import type { EventData, EventType } from '../../../src/canonical/index.js';
import {
  approvedTime, billingEvent, client, contract, deal, engagement, expense, invoice, milestone, payment, ref, ulid, worker,
} from '../fixtures.js';

const at = '2026-03-01T09:00:00Z';
const erp = { system: 'netsuite', connection: 'ns', objectType: 'timeBill', id: '77', externalId: 'tl-time_to_ledger-post-0123' };
const usd = (amount: string) => ({ amount, currency: 'USD' as const });

export const eventSamples = {
  'deal.won': { deal, contract },
  'contract.amended': { contract, amendment: contract.amendments[0]! },
  'client.upserted': { client, changedFields: ['billTo'] },
  'engagement.requested': { engagement: { ...engagement, status: 'requested' }, requestedAt: at, requestedBy: 'deal-to-project' },
  'engagement.provisioned': { engagement, records: [{ system: 'certinia', connection: 'sf-prod', objectType: 'pse__Proj__c', id: 'a1A' }], provisionedAt: at },
  'worker.hired': { worker, effectiveDate: '2024-05-01' },
  'worker.changed': { worker, effectiveDate: '2026-04-01', changedFields: ['costRate'] },
  'worker.terminated': { workerRef: ref('worker', 'W-100'), effectiveDate: '2026-06-30' },
  'assignment.changed': {
    assignment: { systemRefs: [], workerRef: ref('worker', 'W-100'), engagementRef: ref('engagement', 'a1A'), role: 'Senior Consultant',
      startDate: '2026-02-01', status: 'confirmed' },
    change: 'created',
  },
  'time.approved': approvedTime,
  'time.rejected': { timeEntryId: approvedTime.timeEntryId, sourceTimecardId: 'a0Tx1', workerRef: approvedTime.workerRef,
    projectRef: approvedTime.projectRef, workDate: '2026-02-02', hours: '7.5', rejectedAt: at, previouslyApproved: true },
  'time.adjusted': { current: { ...approvedTime, hours: '6' }, previous: { sourceVersion: '2', hours: '7.5', billable: true },
    hoursDelta: '-1.5', adjustedAt: at },
  'time.posted': { timeEntryId: approvedTime.timeEntryId, timeEntryVersion: '3', erpRecord: erp, hours: '7.5', billable: true,
    billAmount: usd('1500.00'), costAmount: usd('712.50'), postedAt: at },
  'expense.approved': { expense },
  'milestone.completed': { milestone, completedAt: at },
  'billing.released': { billingEvent, releasedAt: at },
  'billing.held': { billingEvent: { ...billingEvent, status: 'held' }, heldAt: at, reason: 'cap_reached' },
  'invoice.issued': { invoice },
  'invoice.status_changed': { invoiceRef: ref('invoice', '9001'), previousStatus: 'issued', status: 'partially_paid', amountDue: usd('995.36'), changedAt: at },
  'payment.applied': { payment },
  'forecast.actuals_published': {
    snapshot: { systemRefs: [], period: '2026-02', asOf: at, lines: [{ practice: 'ERP', hours: '7.5', cost: usd('712.50'),
      billings: usd('1500.00'), collections: usd('0.00'), backlog: usd('118500.00') }] },
  },
  'period.close_started': { period: '2026-02', legalEntityRef: { canonicalId: `tl_legal_entity_${ulid}`, refs: [] }, startedAt: at, startedBy: 'controller@firm.example' },
  'reconciliation.completed': { runId: 'rec-1', period: '2026-02', startedAt: at, completedAt: at, clean: false,
    findings: [{ kind: 'amount_mismatch', count: 1, impact: [usd('0.01')] }] },
} satisfies { [K in EventType]: EventData<K> };
