import type { NetSuiteClient } from '../client.js';
import { upsertByExternalId, type UpsertResult } from './upsert-by-external-id.js';

/**
 * Creates or updates an employee by external id.
 * Vendor doc: NetSuite REST API Browser "employee"; Help "Using External IDs" — `PUT /record/v1/employee/eid:{externalId}`.
 */
export function upsertEmployee(client: NetSuiteClient, externalId: string, body: Record<string, unknown>): Promise<UpsertResult> {
  return upsertByExternalId(client, 'employee', externalId, body, {
    matches: (stored) => stored.lastName === body.lastName && stored.entityId === body.entityId,
  });
}
