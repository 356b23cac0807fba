import { RetryableError } from '../../../runtime/errors.js';
import type { NetSuiteClient } from '../client.js';
import { idFromLocation } from '../client.js';
import { findByExternalId } from './find-by-external-id.js';
import { isUnknownOutcome } from './upsert-by-external-id.js';

/**
 * Creates an invoice once per external id: an invoice that already exists under the external id is
 * returned untouched (never re-posted or modified); a create that fails without a response is
 * verified by external id (mark-then-verify); when it did not commit the failure goes to the caller,
 * whose step retry sends it again (nothing is re-sent here).
 * Vendor doc: NetSuite REST API Browser "invoice" — `POST /services/rest/record/v1/invoice` -> 204 + Location.
 */
export async function createInvoice(client: NetSuiteClient, body: Record<string, unknown> & { externalId: string }): Promise<{ id: string; created: boolean }> {
  const existing = await findByExternalId(client, 'invoice', body.externalId, { fields: ['id'] });
  if (existing) return { id: String(existing.id), created: false };
  try {
    const response = await client.send({ method: 'POST', path: '/record/v1/invoice', json: body });
    const id = idFromLocation(response);
    if (id === undefined) throw new RetryableError(`${client.connection}: invoice create answered ${response.status} without a Location`, { connection: client.connection });
    return { id, created: true };
  } catch (error) {
    if (!isUnknownOutcome(error)) throw error;
    const committed = await findByExternalId(client, 'invoice', body.externalId, { fields: ['id'] });
    if (committed) return { id: String(committed.id), created: true };
    // Not there: the create did not commit. The step's retry policy sends it again (checking first).
    throw error;
  }
}
