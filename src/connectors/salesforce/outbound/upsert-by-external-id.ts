import type { SystemRef } from '../../../canonical/entities/refs.js';
import { NonRetryableError } from '../../../runtime/errors.js';
import type { SalesforceClient } from '../client.js';
import { saveResultSchema } from '../schemas.js';
import { getRecord } from './get-record.js';

/** What one upsert changed. */
export interface UpsertResult {
  id: string;
  /** False also when a lost response was recovered by repeating the upsert (the first attempt may have created it). */
  created: boolean;
  record: SystemRef;
}

/**
 * Creates or updates one record by external id. Repeating it is harmless, so a call that failed
 * without a response (the write may have committed) is repeated once: the second attempt finds the
 * record by its external id and updates it — never a duplicate.
 * Vendor doc: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_upsert.htm
 * (201 created; 200 `created:false` or 204 on a match; 300 when several records match).
 */
export async function upsertByExternalId(
  client: SalesforceClient,
  input: { objectType: string; externalIdField: string; externalId: string; fields: Record<string, unknown> },
): Promise<UpsertResult> {
  const { Id: _id, [input.externalIdField]: _key, ...fields } = input.fields;
  const path = `/sobjects/${input.objectType}/${input.externalIdField}/${encodeURIComponent(input.externalId)}`;
  const attempt = () => client.send({ method: 'PATCH', path, json: fields });
  let response;
  try {
    response = await attempt();
  } catch (error) {
    if ((error as { details?: { kind?: string } }).details?.kind !== 'network') throw error;
    response = await attempt();
  }
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
