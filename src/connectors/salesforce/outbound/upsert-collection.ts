import type { WriteFailure, WriteOutcome } from '../../ports/write-outcome.js';
import type { SalesforceClient } from '../client.js';
import { collectionResultSchema, type SalesforceError } from '../schemas.js';

/** Salesforce's limit of records per sObject collection call. */
export const COLLECTION_LIMIT = 200;

/**
 * Upserts many records of one object by external id, 200 per call (`allOrNone:false`: one bad record
 * never blocks the others). Returns one outcome per input record, in order. A call that failed without
 * a response is repeated once (upsert by external id is idempotent); a call that failed as a whole
 * gives every record of it that failure, with its retry meaning by name.
 * Vendor doc: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_upsert.htm
 */
export async function upsertCollection(
  client: SalesforceClient,
  input: { objectType: string; externalIdField: string; records: ReadonlyArray<Record<string, unknown>> },
): Promise<WriteOutcome[]> {
  const outcomes: WriteOutcome[] = [];
  for (let start = 0; start < input.records.length; start += COLLECTION_LIMIT) {
    const chunk = input.records.slice(start, start + COLLECTION_LIMIT);
    outcomes.push(...(await upsertChunk(client, input.objectType, input.externalIdField, chunk)));
  }
  return outcomes;
}

async function upsertChunk(client: SalesforceClient, objectType: string, externalIdField: string, chunk: ReadonlyArray<Record<string, unknown>>): Promise<WriteOutcome[]> {
  const keyOf = (record: Record<string, unknown>) => String(record[externalIdField] ?? '');
  const body = {
    allOrNone: false,
    records: chunk.map((record) => {
      const { Id: _id, attributes: _attributes, ...fields } = record;
      return { attributes: { type: objectType }, ...fields };
    }),
  };
  const call = () => client.send({ method: 'PATCH', path: `/composite/sobjects/${objectType}/${externalIdField}`, json: body });
  let response;
  try {
    try {
      response = await call();
    } catch (error) {
      if ((error as { details?: { kind?: string } }).details?.kind !== 'network') throw error;
      response = await call();
    }
  } catch (error) {
    const failure = failureOf(error);
    return chunk.map((record) => ({ ok: false, externalId: keyOf(record), failure }));
  }
  const results = collectionResultSchema.parse(response.body);
  return chunk.map((record, index): WriteOutcome => {
    const externalId = keyOf(record);
    const result = results[index];
    if (result?.success && result.id) {
      return { ok: true, externalId, created: result.created ?? false, record: { system: client.system, connection: client.connection, objectType, id: result.id, externalId } };
    }
    return { ok: false, externalId, failure: recordFailure(result?.errors ?? []) };
  });
}

function recordFailure(errors: readonly SalesforceError[]): WriteFailure {
  const first = errors[0];
  const code = first?.statusCode ?? first?.errorCode;
  const fields = first?.fields?.length ? ` [${first.fields.join(', ')}]` : '';
  // Per-record failures are data problems (validation, duplicates): retrying the same data cannot help.
  return { name: 'NonRetryableError', message: `${first?.message ?? 'record not saved'}${fields}`, vendorCode: code };
}

function failureOf(error: unknown): WriteFailure {
  const e = error as { name?: string; message?: string; retryAt?: Date; details?: { vendorCode?: string } };
  return {
    name: e.name ?? 'RetryableError',
    message: e.message ?? String(error),
    vendorCode: e.details?.vendorCode,
    retryAt: e.retryAt instanceof Date ? e.retryAt.toISOString() : undefined,
  };
}
