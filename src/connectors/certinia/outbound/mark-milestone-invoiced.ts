import type { SystemRef } from '../../../canonical/entities/refs.js';
import type { SalesforceClient } from '../../salesforce/client.js';

/**
 * Marks a billing milestone invoiced (and billed) once the ERP issued its invoice; repeating it is harmless.
 * Vendor doc: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_update_fields.htm
 */
export async function markMilestoneInvoiced(client: SalesforceClient, milestoneId: string): Promise<SystemRef> {
  await client.send({ method: 'PATCH', path: `/sobjects/pse__Milestone__c/${milestoneId}`, json: { pse__Invoiced__c: true, pse__Billed__c: true } });
  return { system: client.system, connection: client.connection, objectType: 'pse__Milestone__c', id: milestoneId };
}
