import type { SystemRef } from '../../../canonical/entities/refs.js';
import { isDecimalString } from '../../../canonical/money/decimal.js';
import type { Money } from '../../../canonical/money/index.js';
import { NonRetryableError } from '../../../runtime/errors.js';
import type { SalesforceClient } from '../../salesforce/client.js';
import { getRecord } from '../../salesforce/outbound/get-record.js';

/**
 * Sets a project's billed-to-date total (`pse__Billings__c`) after the ERP invoiced it. The amount
 * must be in the project's currency; it goes on the wire as the exact decimal (no float round trip).
 * Setting the same total again is harmless (idempotent).
 * Vendor doc: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_update_fields.htm
 */
export async function updateProjectBillings(client: SalesforceClient, projectId: string, billings: Money): Promise<SystemRef> {
  if (!isDecimalString(billings.amount)) throw new NonRetryableError(`billings ${billings.amount} is not a decimal string`, { kind: 'validation' });
  const project = await getRecord(client, { objectType: 'pse__Proj__c', id: projectId, fields: ['Id', 'CurrencyIsoCode'] });
  if (!project) throw new NonRetryableError(`${client.connection}: no project ${projectId}`, { kind: 'not_found', connection: client.connection });
  if (project.CurrencyIsoCode !== billings.currency) {
    throw new NonRetryableError(`${client.connection}: project ${projectId} bills in ${String(project.CurrencyIsoCode)}, not ${billings.currency}`, { kind: 'validation', connection: client.connection });
  }
  await client.send({
    method: 'PATCH',
    path: `/sobjects/pse__Proj__c/${projectId}`,
    headers: { 'content-type': 'application/json' },
    raw: `{"pse__Billings__c":${billings.amount}}`,
  });
  return { system: client.system, connection: client.connection, objectType: 'pse__Proj__c', id: projectId };
}
