import type { Client } from '../../canonical/entities/client.js';
import type { Engagement } from '../../canonical/entities/engagement.js';
import type { Worker } from '../../canonical/entities/worker.js';
import type { PsaPort } from '../ports/psa.js';
import type { SalesforceClient } from '../salesforce/client.js';
import { clientOfAccount } from '../salesforce/mappers/account.js';
import { getRecord } from '../salesforce/outbound/get-record.js';
import { isSalesforceId } from '../salesforce/soql.js';
import { selectFields } from './fields.js';
import { engagementOfProject } from './mappers/project.js';
import { readClosedForTimeOn } from './outbound/read-closed-for-time-on.js';
import { workerOfResource } from './mappers/resource.js';
import { createReadCache } from './read-cache.js';
import { accountRecordSchema, namedRecordSchema, projectRecordSchema, resourceRecordSchema } from './schemas.js';

/**
 * The PSA read side over Certinia in a Salesforce org, in canonical form. Reads are cached per
 * process (`cacheTtlMs`, default 5 minutes): a burst of time entries of one project reads it once.
 * A project closed for time entry costs one more query, for the date it closed (field history,
 * `readClosedForTimeOn`); an open one does not.
 * Vendor doc: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_retrieve_get.htm
 */
export function createCertiniaPsa(client: SalesforceClient, options: { cacheTtlMs?: number | undefined } = {}): PsaPort & { clearCache(): void } {
  const cache = createReadCache(client.clock, options.cacheTtlMs ?? 300_000);
  const source = { connection: client.connection, system: client.system };
  const read = (objectType: keyof typeof selectFields, id: string) =>
    isSalesforceId(id) ? getRecord(client, { objectType, id, fields: selectFields[objectType] }) : Promise.resolve(undefined);
  const nameOf = (objectType: 'pse__Region__c' | 'pse__Practice__c', id: string | null | undefined): Promise<string | undefined> => {
    if (!id) return Promise.resolve(undefined);
    return cache.get(`${objectType}:${id}`, async () => {
      const record = await getRecord(client, { objectType, id, fields: ['Id', 'Name'] });
      return record ? (namedRecordSchema.parse(record).Name ?? undefined) : undefined;
    });
  };
  return {
    connection: client.connection,
    system: client.system,
    getEngagement: (projectId) =>
      cache.get(`pse__Proj__c:${projectId}`, async (): Promise<Engagement | undefined> => {
        const raw = await read('pse__Proj__c', projectId);
        if (!raw) return undefined;
        const project = projectRecordSchema.parse(raw);
        const [regionName, practiceName, closedForTimeOn] = await Promise.all([
          nameOf('pse__Region__c', project.pse__Region__c),
          nameOf('pse__Practice__c', project.pse__Practice__c),
          project.pse__Closed_for_Time_Entry__c === true ? readClosedForTimeOn(client, project.Id) : Promise.resolve(undefined),
        ]);
        return engagementOfProject(project, source, { regionName, practiceName, closedForTimeOn });
      }),
    getWorker: (resourceId) =>
      cache.get(`Contact:${resourceId}`, async (): Promise<Worker | undefined> => {
        const raw = await read('Contact', resourceId);
        if (!raw) return undefined;
        const contact = resourceRecordSchema.parse(raw);
        const [regionName, practiceName] = await Promise.all([nameOf('pse__Region__c', contact.pse__Region__c), nameOf('pse__Practice__c', contact.pse__Practice__c)]);
        return workerOfResource(contact, source, { regionName, practiceName });
      }),
    getClient: (accountId) =>
      cache.get(`Account:${accountId}`, async (): Promise<Client | undefined> => {
        const raw = await read('Account', accountId);
        return raw ? clientOfAccount(accountRecordSchema.parse(raw), source) : undefined;
      }),
    clearCache: () => cache.clear(),
  };
}
