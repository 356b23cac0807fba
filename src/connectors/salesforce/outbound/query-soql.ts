import { NonRetryableError } from '../../../runtime/errors.js';
import type { SalesforceClient } from '../client.js';
import { queryResultSchema, type SObjectRecord } from '../schemas.js';

/** Options of a SOQL read. */
export interface QueryOptions {
  /** `/queryAll`: include deleted (recycle bin) rows. */
  includeDeleted?: boolean | undefined;
  /** Rows per batch (200..2000) through `Sforce-Query-Options`; Salesforce may return fewer. */
  batchSize?: number | undefined;
}

/**
 * Runs a SOQL query and yields its batches in order, following `nextRecordsUrl` while `done` is false.
 * Vendor doc: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
 */
export async function* querySoql(client: SalesforceClient, soql: string, options: QueryOptions = {}): AsyncGenerator<SObjectRecord[]> {
  const headers = options.batchSize ? { 'sforce-query-options': `batchSize=${Math.min(2000, Math.max(200, options.batchSize))}` } : undefined;
  let response = await client.send({ method: 'GET', path: options.includeDeleted ? '/queryAll' : '/query', query: { q: soql }, headers });
  for (;;) {
    const parsed = queryResultSchema.safeParse(response.body);
    if (!parsed.success) throw new NonRetryableError(`${client.connection}: unexpected query response: ${parsed.error.message}`, { kind: 'validation', connection: client.connection });
    yield parsed.data.records as SObjectRecord[];
    if (parsed.data.done || !parsed.data.nextRecordsUrl) return;
    // Vendor doc: nextRecordsUrl is `/services/data/vXX.X/query/<locator>-<offset>`; it keeps the batch size.
    response = await client.send({ method: 'GET', path: parsed.data.nextRecordsUrl, headers });
  }
}

/** Every record of a SOQL query (all batches); use `querySoql` for large results. */
export async function queryAllRecords(client: SalesforceClient, soql: string, options: QueryOptions = {}): Promise<SObjectRecord[]> {
  const records: SObjectRecord[] = [];
  for await (const batch of querySoql(client, soql, options)) records.push(...batch);
  return records;
}
