import type { Kysely, Selectable } from 'kysely';
import type { SystemRef } from '../../canonical/entities/refs.js';
import type { Database } from '../schema.js';
import type { CrossReferenceTable } from '../tables/cross-reference.js';

/** One stored cross-reference: a canonical entity and its record in one system. */
export interface CrossReference {
  canonicalId: string;
  entityType: string;
  connection: string;
  system: string;
  objectType: string;
  systemId: string;
  externalId: string | null;
}

/** Where a record lives: connection + object type + the system's id. */
export interface SystemKey {
  connection: string;
  objectType: string;
  systemId: string;
}

/** A canonical entity's record of one object type on one connection. */
export interface CanonicalKey {
  canonicalId: string;
  connection: string;
  objectType: string;
}

type Db = Kysely<Database>;

function toCrossReference(row: Selectable<CrossReferenceTable>): CrossReference {
  return {
    canonicalId: row.canonical_id,
    entityType: row.entity_type,
    connection: row.connection_id,
    system: row.system,
    objectType: row.object_type,
    systemId: row.system_id,
    externalId: row.external_id,
  };
}

/** The cross-reference of a system record, if the hub knows it. */
export async function findBySystemId(db: Db, key: SystemKey): Promise<CrossReference | undefined> {
  const row = await db
    .selectFrom('tl_cross_reference')
    .selectAll()
    .where('connection_id', '=', key.connection)
    .where('object_type', '=', key.objectType)
    .where('system_id', '=', key.systemId)
    .executeTakeFirst();
  return row ? toCrossReference(row) : undefined;
}

/** The record a canonical entity has on a connection (of one object type), if any. */
export async function findByCanonicalId(db: Db, key: CanonicalKey): Promise<CrossReference | undefined> {
  const row = await db
    .selectFrom('tl_cross_reference')
    .selectAll()
    .where('canonical_id', '=', key.canonicalId)
    .where('connection_id', '=', key.connection)
    .where('object_type', '=', key.objectType)
    .executeTakeFirst();
  return row ? toCrossReference(row) : undefined;
}

/** Batch variant of {@link findBySystemId} for one connection and object type: system id -> reference. */
export async function findManyBySystemIds(
  db: Db,
  scope: { connection: string; objectType: string },
  systemIds: readonly string[],
): Promise<Map<string, CrossReference>> {
  if (systemIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('tl_cross_reference')
    .selectAll()
    .where('connection_id', '=', scope.connection)
    .where('object_type', '=', scope.objectType)
    .where('system_id', 'in', [...new Set(systemIds)])
    .execute();
  return new Map(rows.map((row) => [row.system_id, toCrossReference(row)]));
}

/** Batch variant of {@link findByCanonicalId} for one connection and object type: canonical id -> reference. */
export async function findManyByCanonicalIds(
  db: Db,
  scope: { connection: string; objectType: string },
  canonicalIds: readonly string[],
): Promise<Map<string, CrossReference>> {
  if (canonicalIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('tl_cross_reference')
    .selectAll()
    .where('connection_id', '=', scope.connection)
    .where('object_type', '=', scope.objectType)
    .where('canonical_id', 'in', [...new Set(canonicalIds)])
    .execute();
  return new Map(rows.map((row) => [row.canonical_id, toCrossReference(row)]));
}

/** The record each canonical entity has on a connection whatever its object type (first linked wins): canonical id -> reference. */
export async function findManyOnConnection(db: Db, connection: string, canonicalIds: readonly string[]): Promise<Map<string, CrossReference>> {
  if (canonicalIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('tl_cross_reference')
    .selectAll()
    .where('connection_id', '=', connection)
    .where('canonical_id', 'in', [...new Set(canonicalIds)])
    .orderBy('id', 'desc')
    .execute();
  // Descending, so the first linked row of each canonical id is set last and wins.
  return new Map(rows.map((row) => [row.canonical_id, toCrossReference(row)]));
}

/** Every record these canonical entities have on a connection (of one object type when given), oldest link first. */
export async function listOnConnection(db: Db, connection: string, canonicalIds: readonly string[], objectType?: string): Promise<CrossReference[]> {
  if (canonicalIds.length === 0) return [];
  let query = db.selectFrom('tl_cross_reference').selectAll().where('connection_id', '=', connection).where('canonical_id', 'in', [...new Set(canonicalIds)]);
  if (objectType !== undefined) query = query.where('object_type', '=', objectType);
  return (await query.orderBy('id').execute()).map(toCrossReference);
}

/** Every record of a canonical entity across connections. */
export async function listByCanonicalId(db: Db, canonicalId: string): Promise<CrossReference[]> {
  const rows = await db.selectFrom('tl_cross_reference').selectAll().where('canonical_id', '=', canonicalId).orderBy('id').execute();
  return rows.map(toCrossReference);
}

/**
 * Links canonical entities to system records, first writer wins: a row whose system record or
 * whose (canonical id, connection, object type) is already linked is left exactly as stored. Returns the stored reference for each input, in order, so two
 * runs racing to link the same record both continue with the same canonical id.
 * `now` is the caller's injected clock time (`ctx.clock.now()`); it stamps created_at / updated_at,
 * so there is no default: neither the wall clock nor the database's now() may stand in for it.
 */
export async function linkCrossReferences(db: Db, links: readonly CrossReference[], now: Date): Promise<CrossReference[]> {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new TypeError('linkCrossReferences needs the time from the injected clock (now), got none');
  }
  if (links.length === 0) return [];
  await db
    .insertInto('tl_cross_reference')
    .values(
      links.map((l) => ({
        canonical_id: l.canonicalId,
        entity_type: l.entityType,
        connection_id: l.connection,
        system: l.system,
        object_type: l.objectType,
        system_id: l.systemId,
        external_id: l.externalId,
        created_at: now,
        updated_at: now,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
  const stored: CrossReference[] = [];
  const groups = new Map<string, CrossReference[]>();
  for (const link of links) {
    const scope = `${link.connection}\u0000${link.objectType}`;
    groups.set(scope, [...(groups.get(scope) ?? []), link]);
  }
  const bySystem = new Map<string, CrossReference>();
  const byCanonical = new Map<string, CrossReference>();
  for (const group of groups.values()) {
    const scope = { connection: group[0]!.connection, objectType: group[0]!.objectType };
    for (const [id, ref] of await findManyBySystemIds(db, scope, group.map((l) => l.systemId))) bySystem.set(`${scope.connection}\u0000${scope.objectType}\u0000${id}`, ref);
    for (const [id, ref] of await findManyByCanonicalIds(db, scope, group.map((l) => l.canonicalId))) byCanonical.set(`${scope.connection}\u0000${scope.objectType}\u0000${id}`, ref);
  }
  for (const link of links) {
    const prefix = `${link.connection}\u0000${link.objectType}\u0000`;
    // The system record's own link decides; else the canonical side already points elsewhere.
    stored.push(bySystem.get(prefix + link.systemId) ?? byCanonical.get(prefix + link.canonicalId) ?? link);
  }
  return stored;
}

/** Single-link convenience over {@link linkCrossReferences}. */
export async function linkCrossReference(db: Db, link: CrossReference, now: Date): Promise<CrossReference> {
  const [stored] = await linkCrossReferences(db, [link], now);
  return stored!;
}

/** The stored reference as the canonical model's SystemRef. */
export function systemRefOf(ref: CrossReference): SystemRef {
  return {
    system: ref.system,
    connection: ref.connection,
    objectType: ref.objectType,
    id: ref.systemId,
    ...(ref.externalId !== null ? { externalId: ref.externalId } : {}),
  };
}
