import type { SalesforceClient } from '../client.js';
import { isNotFound } from '../classify-error.js';
import { sobjectRecordSchema, type SObjectRecord } from '../schemas.js';

/**
 * Reads one record by id (or by external id when `externalIdField` is given); undefined when there is none.
 * Vendor doc: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_retrieve_get.htm
 * and .../resources_sobject_upsert_get.htm (by external id).
 */
export async function getRecord(
  client: SalesforceClient,
  input: { objectType: string; id: string; externalIdField?: string | undefined; fields?: readonly string[] | undefined },
): Promise<SObjectRecord | undefined> {
  const path = input.externalIdField
    ? `/sobjects/${input.objectType}/${input.externalIdField}/${encodeURIComponent(input.id)}`
    : `/sobjects/${input.objectType}/${encodeURIComponent(input.id)}`;
  try {
    const response = await client.send({ method: 'GET', path, query: { fields: input.fields?.join(',') } });
    return sobjectRecordSchema.parse(response.body) as SObjectRecord;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
