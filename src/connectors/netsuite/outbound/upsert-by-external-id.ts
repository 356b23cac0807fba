import { RetryableError } from '../../../runtime/errors.js';
import type { NetSuiteClient } from '../client.js';
import { externalIdPath, idFromLocation } from '../client.js';
import { findByExternalId } from './find-by-external-id.js';

/** A record written by external id. */
export interface UpsertResult {
  id: string;
  /** True when the outcome was unknown (network failure) and the record was found by external id instead. */
  verified: boolean;
}

/**
 * Creates or updates one record by external id: `PUT /{record}/eid:{externalId}` -> 204 + Location.
 * When the call fails without a response the write may have committed (timeout after commit): the
 * record is looked up by external id once, and the write counts as done when it is there as written;
 * otherwise the original failure goes to the caller (the step's retry policy sends it again — nothing
 * is re-sent here).
 * Vendor doc: NetSuite Help "Using External IDs" > "Upsert Operation" (REST `PUT .../eid:{id}`).
 */
export async function upsertByExternalId(
  client: NetSuiteClient,
  record: string,
  externalId: string,
  body: Record<string, unknown>,
  options: { matches?: (stored: Record<string, unknown>) => boolean; priority?: number } = {},
): Promise<UpsertResult> {
  try {
    const response = await client.send({ method: 'PUT', path: externalIdPath(record, externalId), json: body, priority: options.priority });
    const id = idFromLocation(response) ?? (await findByExternalId(client, record, externalId, { fields: ['id'] }))?.id;
    if (id === undefined) throw new RetryableError(`${client.connection}: ${record} ${externalId} was upserted but cannot be found`, { connection: client.connection });
    return { id: String(id), verified: false };
  } catch (error) {
    if (!isUnknownOutcome(error)) throw error;
    const stored = await findByExternalId(client, record, externalId);
    if (stored && (options.matches?.(stored) ?? true)) return { id: String(stored.id), verified: true };
    throw error;
  }
}

/** A failure without a response: the write may or may not have happened. */
export function isUnknownOutcome(error: unknown): boolean {
  return (error as { details?: { kind?: unknown } } | undefined)?.details?.kind === 'network';
}
