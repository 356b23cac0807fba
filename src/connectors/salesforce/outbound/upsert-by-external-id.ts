import type { SystemRef } from '../../../canonical/entities/refs.js';
import { NonRetryableError } from '../../../runtime/errors.js';
import type { SalesforceClient } from '../client.js';
import { saveResultSchema } from '../schemas.js';
import { getRecord } from './get-record.js';

/** What one upsert changed. */
export interface UpsertResult {
  id: string;
  /** False also when a retried upsert found the record an earlier, lost attempt created. */
  created: boolean;
  record: SystemRef;
}

/**
 * Creates or updates one record by external id. Repeating it is harmless: a call that failed without
 * a response (the write may have committed) goes to the caller as a RetryableError, and the step's
 * retry finds the record by its external id and updates it — never a duplicate. Nothing is repeated here.
 * Vendor doc: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_upsert.htm
 * (201 created; 200 `created:false` or 204 on a match; 300 when several records match).
 */
export async function upsertByExternalId(
  client: SalesforceClient,
  input: { objectType: string; externalIdField: string; externalId: string; fields: Record<string, unknown> },
): Promise<UpsertResult> {
  const { Id: _id, [input.externalIdField]: _key, ...fields } = input.fields;
  const path = `/sobjects/${input.objectType}/${input.externalIdField}/${encodeURIComponent(input.externalId)}`;
  // One request: a call lost without a response is a RetryableError kind 'network'; the step's retry
  // repeats the upsert, which finds the record by its external id if the first one committed.
  const response = await client.send({ method: 'PATCH', path, json: fields });
  const record = (id: string): SystemRef => ({ system: client.system, connection: client.connection, objectType: input.objectType, id, externalId: input.externalId });
  if (response.status === 300) {
    throw new NonRetryableError(`${client.connection}: ${input.objectType} ${input.externalIdField}=${input.externalId} matches several records`, {
      kind: 'multiple_matches', status: 300, connection: client.connection,
    });
  }
  if (response.status === 204 || response.body === undefined) {
    // Older API versions answer an update with 204 and no id: read it back by external id.
    const found = await getRecord(client, { objectType: input.objectType, id: input.externalId, externalIdField: input.externalIdField, fields: ['Id'] });
    if (!found?.Id) throw new NonRetryableError(`${client.connection}: ${input.objectType} ${input.externalId} not found after upsert`, { kind: 'not_found', connection: client.connection });
    return { id: found.Id, created: false, record: record(found.Id) };
  }
  const saved = saveResultSchema.parse(response.body);
  if (!saved.id) throw new NonRetryableError(`${client.connection}: upsert of ${input.objectType} ${input.externalId} answered without an id`, { kind: 'validation', connection: client.connection });
  return { id: saved.id, created: saved.created ?? response.status === 201, record: record(saved.id) };
}
