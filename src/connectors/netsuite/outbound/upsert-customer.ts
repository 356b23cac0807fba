import type { NetSuiteClient } from '../client.js';
import { upsertByExternalId, type UpsertResult } from './upsert-by-external-id.js';

/**
 * Creates or updates a customer by external id.
 * Vendor doc: NetSuite REST API Browser "customer"; Help "Using External IDs" — `PUT /record/v1/customer/eid:{externalId}`.
 */
export function upsertCustomer(client: NetSuiteClient, externalId: string, body: Record<string, unknown>): Promise<UpsertResult> {
  return upsertByExternalId(client, 'customer', externalId, body, { matches: (stored) => stored.companyName === body.companyName });
}
