import type { NetSuiteClient } from '../client.js';
import { externalIdPath } from '../client.js';
import { isNotFound } from '../classify-error.js';
import { sqlText, suiteQlAll } from './suiteql-query.js';

/**
 * Reads one record by external id; undefined when NetSuite has none (404 NONEXISTENT_ID).
 * Vendor doc: NetSuite Help "Using External IDs" — `GET /services/rest/record/v1/{record}/eid:{externalId}`.
 */
export async function findByExternalId(
  client: NetSuiteClient,
  record: string,
  externalId: string,
  options: { fields?: readonly string[]; expandSubResources?: boolean } = {},
): Promise<Record<string, unknown> | undefined> {
  try {
    const response = await client.send({
      method: 'GET',
      path: externalIdPath(record, externalId),
      query: {
        fields: options.fields?.join(','),
        expandSubResources: options.expandSubResources ? 'true' : undefined,
      },
    });
    return typeof response.body === 'object' && response.body !== null ? (response.body as Record<string, unknown>) : undefined;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * Internal ids of many records by external id in one SuiteQL query per 500 ids (IN lists stay short).
 * Vendor doc: NetSuite Help "SuiteQL" (`SELECT id, externalid FROM {table} WHERE externalid IN (...)`).
 */
export async function idsByExternalId(client: NetSuiteClient, table: string, externalIds: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const unique = [...new Set(externalIds)];
  for (let start = 0; start < unique.length; start += 500) {
    const chunk = unique.slice(start, start + 500);
    const rows = await suiteQlAll(client, `SELECT id, externalid FROM ${table} WHERE externalid IN (${chunk.map(sqlText).join(', ')})`);
    for (const row of rows) if (typeof row.externalid === 'string') found.set(row.externalid, String(row.id));
  }
  return found;
}
