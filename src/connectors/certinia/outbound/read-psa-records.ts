import type { Assignment } from '../../../canonical/entities/assignment.js';
import type { Client } from '../../../canonical/entities/client.js';
import type { Engagement } from '../../../canonical/entities/engagement.js';
import type { Expense } from '../../../canonical/entities/expense.js';
import type { Milestone } from '../../../canonical/entities/milestone.js';
import type { Worker } from '../../../canonical/entities/worker.js';
import type { SalesforceClient } from '../../salesforce/client.js';
import { clientOfAccount } from '../../salesforce/mappers/account.js';
import { assignmentOfRecord } from '../mappers/assignment.js';
import { expenseOfRecord } from '../mappers/expense.js';
import { milestoneOfRecord } from '../mappers/milestone.js';
import { engagementOfProject } from '../mappers/project.js';
import { workerOfResource } from '../mappers/resource.js';
import { timeEventsOfTimecard } from '../mappers/timecard.js';
import { accountRecordSchema, assignmentRecordSchema, expenseRecordSchema, milestoneRecordSchema, projectRecordSchema, resourceRecordSchema, timecardRecordSchema } from '../schemas.js';
import { readMapped, whereIn, type ReadResult } from './read-records.js';
import type { CanonicalEvent } from '../../../canonical/envelope.js';
import type { IdFactory } from '../../../canonical/ids.js';

/** The projects of these ids (all projects when omitted), as engagements without region/practice names. */
export function readProjects(client: SalesforceClient, ids?: readonly string[]): Promise<ReadResult<Engagement>> {
  return readMapped(client, { objectType: 'pse__Proj__c', where: ids ? whereIn('Id', ids) : undefined, schema: projectRecordSchema, map: (r) => engagementOfProject(r, client) });
}

/** The staffing assignments of these projects. */
export function readAssignments(client: SalesforceClient, projectIds: readonly string[]): Promise<ReadResult<Assignment>> {
  return readMapped(client, { objectType: 'pse__Assignment__c', where: whereIn('pse__Project__c', projectIds), schema: assignmentRecordSchema, map: (r) => assignmentOfRecord(r, client) });
}

/** The billing milestones of these projects. */
export function readMilestones(client: SalesforceClient, projectIds: readonly string[]): Promise<ReadResult<Milestone>> {
  return readMapped(client, { objectType: 'pse__Milestone__c', where: whereIn('pse__Project__c', projectIds), schema: milestoneRecordSchema, map: (r) => milestoneOfRecord(r, client) });
}

/** The expense lines of these projects. */
export function readExpenses(client: SalesforceClient, projectIds: readonly string[]): Promise<ReadResult<Expense>> {
  return readMapped(client, { objectType: 'pse__Expense__c', where: whereIn('pse__Project__c', projectIds), schema: expenseRecordSchema, map: (r) => expenseOfRecord(r, client) });
}

/** PSA resources (Contacts with `pse__Is_Resource__c`), as workers without region/practice names. */
export function readResources(client: SalesforceClient): Promise<ReadResult<Worker>> {
  return readMapped(client, { objectType: 'Contact', where: 'pse__Is_Resource__c = true', schema: resourceRecordSchema, map: (r) => workerOfResource(r, client) });
}

/** The accounts of these ids, as clients. */
export function readAccounts(client: SalesforceClient, ids: readonly string[]): Promise<ReadResult<Client>> {
  return readMapped(client, { objectType: 'Account', where: whereIn('Id', ids), schema: accountRecordSchema, map: (r) => clientOfAccount(r, client) });
}

/** The time events of the timecards of these projects in their current state (reconciliation, backfill). */
export async function readTimecardEvents(client: SalesforceClient, projectIds: readonly string[], idFactory: IdFactory): Promise<ReadResult<CanonicalEvent[]>> {
  return readMapped(client, {
    objectType: 'pse__Timecard_Header__c',
    where: whereIn('pse__Project__c', projectIds),
    schema: timecardRecordSchema,
    map: (r) => timeEventsOfTimecard(r, { connection: client.connection, system: client.system, approvedBefore: new Set(), idFactory, clock: client.clock }),
  });
}
