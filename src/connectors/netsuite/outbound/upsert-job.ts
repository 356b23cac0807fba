import type { NetSuiteClient } from '../client.js';
import { upsertByExternalId, type UpsertResult } from './upsert-by-external-id.js';

/**
 * Creates or updates a project (job) by external id.
 * Vendor doc: NetSuite REST API Browser "job"; Help "Using External IDs" — `PUT /record/v1/job/eid:{externalId}`.
 */
export function upsertJob(client: NetSuiteClient, externalId: string, body: Record<string, unknown>): Promise<UpsertResult> {
  return upsertByExternalId(client, 'job', externalId, body, { matches: (stored) => stored.companyName === body.companyName });
}
