import type { SystemRef } from '../../canonical/entities/refs.js';
import type { IdFactory } from '../../canonical/ids.js';
import type { ThroughlineDatabase } from '../../persistence/database.js';
import { NonRetryableError } from '../../runtime/errors.js';
import { findBySystemId, linkCrossReference } from '../../persistence/queries/cross-references.js';

/**
 * The canonical id of a source record: the cross-referenced one, else a new id linked to the record
 * BEFORE anything is written elsewhere, so a retry after a crash reuses it (and the external ids
 * derived from it) instead of creating a second customer / project / employee.
 */
export async function resolveCanonicalId(
  store: Pick<ThroughlineDatabase, 'db'>,
  idFactory: IdFactory,
  entityType: string,
  record: SystemRef,
  now: Date,
): Promise<string> {
  const key = { connection: record.connection, objectType: record.objectType, systemId: record.id };
  const known = await findBySystemId(store.db, key);
  if (known) return known.canonicalId;
  const stored = await linkCrossReference(
    store.db,
    { canonicalId: idFactory.next(entityType), entityType, connection: record.connection, system: record.system, objectType: record.objectType, systemId: record.id, externalId: record.externalId ?? null },
    now,
  );
  return stored.canonicalId;
}

/**
 * Records that a canonical entity now has `record` in a target system. A record already linked to
 * another entity is a conflict for a person to look at, never silently re-pointed.
 */
export async function linkTargetRecord(store: Pick<ThroughlineDatabase, 'db'>, canonicalId: string, entityType: string, record: SystemRef, now: Date): Promise<void> {
  const stored = await linkCrossReference(
    store.db,
    { canonicalId, entityType, connection: record.connection, system: record.system, objectType: record.objectType, systemId: record.id, externalId: record.externalId ?? null },
    now,
  );
  if (stored.canonicalId !== canonicalId) {
    throw new NonRetryableError(
      `cross-reference conflict: ${record.connection} ${record.objectType} ${record.id} is linked to ${stored.canonicalId}, not ${canonicalId}`,
      { kind: 'xref_conflict', connection: record.connection },
    );
  }
}
