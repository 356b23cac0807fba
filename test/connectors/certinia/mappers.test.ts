import { describe, expect, it } from 'vitest';
import { createIdFactory } from '../../../src/canonical/ids.js';
import { parseCanonicalEvent } from '../../../src/canonical/parse-event.js';
import { assignmentSchema } from '../../../src/canonical/entities/assignment.js';
import { clientSchema } from '../../../src/canonical/entities/client.js';
import { engagementSchema } from '../../../src/canonical/entities/engagement.js';
import { expenseSchema } from '../../../src/canonical/entities/expense.js';
import { milestoneSchema } from '../../../src/canonical/entities/milestone.js';
import { workerSchema } from '../../../src/canonical/entities/worker.js';
import { assignmentOfRecord } from '../../../src/connectors/certinia/mappers/assignment.js';
import { expenseOfRecord } from '../../../src/connectors/certinia/mappers/expense.js';
import { milestoneOfRecord } from '../../../src/connectors/certinia/mappers/milestone.js';
import { engagementOfProject } from '../../../src/connectors/certinia/mappers/project.js';
import { workerOfResource } from '../../../src/connectors/certinia/mappers/resource.js';
import { daysOfTimecard, timeEventsOfTimecard } from '../../../src/connectors/certinia/mappers/timecard.js';
import {
  accountRecordSchema, assignmentRecordSchema, expenseRecordSchema, milestoneRecordSchema, projectRecordSchema, resourceRecordSchema, timecardRecordSchema,
} from '../../../src/connectors/certinia/schemas.js';
import { clientOfAccount } from '../../../src/connectors/salesforce/mappers/account.js';
import { accountFieldsOfClient } from '../../../src/connectors/salesforce/mappers/account-fields.js';
import { createManualClock } from '../../../src/runtime/clock.js';
import { queryResultSchema } from '../../../src/connectors/salesforce/schemas.js';
import { contractBody } from '../../contracts/contract.js';

/**
 * Records as Salesforce's documented query response carries them (test/contracts/salesforce/query.*.json:
 * the envelope and record layout from the REST API Developer Guide, Certinia's pse__ fields, our values).
 */
const documentedRecords = (name: string) => queryResultSchema.parse(contractBody('salesforce', name)).records;
const [approvedTimecard, rejectedTimecard] = documentedRecords('query.pse-timecards');
const [project] = documentedRecords('query.pse-project');
const [resource] = documentedRecords('query.contact-resource');
const [account] = documentedRecords('query.accounts');
const [assignment] = documentedRecords('query.pse-assignment');
const [milestone] = documentedRecords('query.pse-milestone');
const [expense] = documentedRecords('query.pse-expense');

const source = { connection: 'salesforce', system: 'salesforce' };
const context = (approvedBefore: string[] = []) => ({ ...source, approvedBefore: new Set(approvedBefore), idFactory: createIdFactory(), clock: createManualClock() });

describe('timecard mapper (documented query records)', () => {
  const approved = timecardRecordSchema.parse(approvedTimecard);
  const rejected = timecardRecordSchema.parse(rejectedTimecard);

  it('splits a week into seven dated days, Monday first, hours as decimal strings', () => {
    expect(daysOfTimecard(approved).map((d) => `${d.workDate}=${d.hours}`)).toEqual([
      '2026-03-02=8', '2026-03-03=8', '2026-03-04=7.5', '2026-03-05=8', '2026-03-06=4', '2026-03-07=0', '2026-03-08=0',
    ]);
  });

  it('maps an approved timecard to valid time.approved events with rates as money', () => {
    const events = timeEventsOfTimecard(approved, context());
    expect(events).toHaveLength(5);
    for (const event of events) expect(parseCanonicalEvent(event).ok).toBe(true);
    expect(events[2]).toMatchObject({
      type: 'time.approved',
      sourceId: 'a2A8d0000000001EAA:2026-03-04',
      sourceVersion: '2026-03-02T09:00:00.000Z',
      data: { hours: '7.5', billRate: { amount: '275', currency: 'USD' }, costRate: { amount: '118.75', currency: 'USD' }, notes: 'Cutover planning', billable: true },
    });
  });

  it('maps a Rejected timecard to time.rejected for worked days only, and previously approved days too', () => {
    expect(timeEventsOfTimecard(rejected, context()).map((e) => [e.type, e.sourceId, (e.data as { previouslyApproved: boolean }).previouslyApproved])).toEqual([
      ['time.rejected', 'a2A8d0000000002EAA:2026-03-05', false],
    ]);
    const withHistory = timeEventsOfTimecard(rejected, context(['a2A8d0000000002EAA:2026-03-02']));
    expect(withHistory.map((e) => [e.sourceId, (e.data as { hours: string }).hours, (e.data as { previouslyApproved: boolean }).previouslyApproved])).toEqual([
      ['a2A8d0000000002EAA:2026-03-02', '0', true],
      ['a2A8d0000000002EAA:2026-03-05', '6', false],
    ]);
  });

  it('yields nothing for saved or submitted timecards, also when reopened for correction after approval', () => {
    expect(timeEventsOfTimecard({ ...approved, pse__Status__c: 'Submitted' }, context())).toEqual([]);
    expect(timeEventsOfTimecard({ ...approved, pse__Status__c: 'Saved' }, context(['a2A8d0000000001EAA:2026-03-02']))).toEqual([]);
  });

  it('rejects a previously approved day edited to zero on an approved timecard, keeping the others approved', () => {
    const zeroed = { ...approved, pse__Monday_Hours__c: 0, SystemModstamp: '2026-03-09T08:00:00.000+0000' };
    const events = timeEventsOfTimecard(zeroed, context(['a2A8d0000000001EAA:2026-03-02']));
    expect(events.map((e) => `${e.type} ${e.sourceId} ${e.sourceVersion}`)).toEqual([
      'time.rejected a2A8d0000000001EAA:2026-03-02 2026-03-09T08:00:00.000Z',
      'time.approved a2A8d0000000001EAA:2026-03-03 2026-03-09T08:00:00.000Z',
      'time.approved a2A8d0000000001EAA:2026-03-04 2026-03-09T08:00:00.000Z',
      'time.approved a2A8d0000000001EAA:2026-03-05 2026-03-09T08:00:00.000Z',
      'time.approved a2A8d0000000001EAA:2026-03-06 2026-03-09T08:00:00.000Z',
    ]);
  });
});

describe('PSA record mappers (documented query records)', () => {
  it('maps a project to a valid engagement', () => {
    const engagement = engagementOfProject(projectRecordSchema.parse(project), source, { regionName: 'Americas', practiceName: 'Advisory' });
    expect(engagementSchema.parse(engagement)).toMatchObject({
      projectCode: 'PRJ-0001', name: 'Acme ERP Migration', billingModel: 'time_and_materials', currency: 'USD', region: 'Americas', practice: 'Advisory',
      status: 'active', closedForTime: false, startDate: '2026-03-02', endDate: '2026-06-30',
      clientRef: { refs: [{ objectType: 'Account', id: '0018d0000000001AAA' }] },
      legalEntityRef: { refs: [{ objectType: 'pse__Region__c', id: 'a1T8d0000000001EAA' }] },
    });
    const closed = engagementOfProject(projectRecordSchema.parse({ ...project, pse__Stage__c: 'Completed', pse__Closed_for_Time_Entry__c: true, pse__Project_ID__c: 'has spaces' }), source);
    expect(closed).toMatchObject({ status: 'closed', closedForTime: true, projectCode: 'a1H8d0000000001EAA', region: 'Unassigned' });
  });

  it('maps a resource contact to a valid worker', () => {
    const worker = workerOfResource(resourceRecordSchema.parse(resource), source, { regionName: 'Americas' });
    expect(workerSchema.parse(worker)).toMatchObject({
      employeeId: '0038d0000000001AAA', displayName: 'Ada Lovelace', email: 'ada@throughline.example', role: 'Architect',
      costRate: { amount: '118.75', currency: 'USD' }, activeFrom: '2026-03-02', status: 'active', region: 'Americas',
    });
  });

  it('maps an account to a valid client with an ISO bill-to country and a domain, and back to Account fields', () => {
    const client = clientOfAccount(accountRecordSchema.parse(account), source);
    expect(clientSchema.parse(client)).toMatchObject({
      name: 'Acme Industrial Inc.', domain: 'acme-industrial.com', currency: 'USD', status: 'active',
      billTo: { lines: ['1 Main St'], city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
      taxProfile: { taxId: '12-3456789', taxExempt: false },
    });
    expect(accountFieldsOfClient(client)).toEqual({
      Name: 'Acme Industrial Inc.', Website: 'https://acme-industrial.com', BillingStreet: '1 Main St', BillingCity: 'Springfield',
      BillingState: 'IL', BillingPostalCode: '62701', BillingCountry: 'US', Tax_Id__c: '12-3456789', CurrencyIsoCode: 'USD',
    });
  });

  it('maps assignment, milestone and expense to valid canonical entities', () => {
    expect(assignmentSchema.parse(assignmentOfRecord(assignmentRecordSchema.parse(assignment), source))).toMatchObject({
      role: 'Architect', billRate: { amount: '275', currency: 'USD' }, plannedHours: '480', status: 'confirmed', startDate: '2026-03-02',
    });
    expect(milestoneSchema.parse(milestoneOfRecord(milestoneRecordSchema.parse(milestone), source))).toMatchObject({
      name: 'Design sign-off', amount: { amount: '45000', currency: 'USD' }, dueDate: '2026-04-15', status: 'approved_for_billing',
    });
    expect(expenseSchema.parse(expenseOfRecord(expenseRecordSchema.parse(expense), source))).toMatchObject({
      category: 'Airfare', amount: { amount: '412.6', currency: 'USD' }, status: 'approved', billable: true, date: '2026-03-03',
    });
  });
});
