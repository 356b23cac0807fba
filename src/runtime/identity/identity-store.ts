import type { Kysely } from 'kysely';
import type { SystemRef } from '../../canonical/entities/refs.js';
import type { IdFactory } from '../../canonical/ids.js';
import {
  findBySystemId, findManyByCanonicalIds, findManyBySystemIds, linkCrossReference, linkCrossReferences, listOnConnection, systemRefOf, type CrossReference,
} from '../../persistence/queries/cross-references.js';
import type { Database } from '../../persistence/schema.js';
import { NonRetryableError } from '../errors.js';
import { openStandaloneException } from '../exceptions/standalone-exceptions.js';
import type { IdentityLink, IdentityMap } from './identity-map.js';

/** The runtime's side of the identity map: a view per step invocation, and the checkpoint's writes. */
export interface IdentityStore {
  /**
   * The identity map a step invocation sees; the links it makes are appended to `links` and are
   * visible to the process's other runs at once (the record exists), until forgotten.
   */
  forStep(links: IdentityLink[], now: () => Date): IdentityMap;
  /**
   * Checks a wave's links against the store in one pass (a query or two per connection and object
   * type): a record already linked to another entity, or an entity already linked to another record of
   * that type, is a conflict — returned with its reason; the executor fails those steps (`xref_conflict`).
   */
  verify(links: readonly IdentityLink[]): Promise<Map<IdentityLink, string>>;
  /** Makes links visible to the process's other runs until they are forgotten. */
  announce(links: readonly IdentityLink[]): void;
  /** Forgets links once their checkpoint transaction has ended (stored, or the lease was lost) or their step failed. */
  forget(links: readonly IdentityLink[]): void;
  /**
   * Stores links in the checkpoint's transaction, first writer wins. A link that lost a race to a
   * different one (checked when it was made, changed since) opens an `xref_conflict` exception without
   * a run for integration; the count of those is returned.
   */
  store(trx: Kysely<Database>, links: readonly IdentityLink[], now: Date): Promise<number>;
}

const systemKey = (record: Pick<SystemRef, 'connection' | 'objectType' | 'id'>) => `${record.connection}\u0000${record.objectType}\u0000${record.id}`;
const canonicalKey = (canonicalId: string, connection: string) => `${canonicalId}\u0000${connection}`;

interface Pending<T> {
  value: T;
  count: number;
}

/** Creates the identity store over the hub's cross-reference table. */
export function createIdentityStore(deps: { db: Kysely<Database>; idFactory: IdFactory }): IdentityStore {
  const pendingBySystem = new Map<string, Pending<string>>();
  const pendingByCanonical = new Map<string, Pending<SystemRef>>();

  const findCanonicalId = async (record: SystemRef): Promise<string | undefined> =>
    pendingBySystem.get(systemKey(record))?.value ??
    (await findBySystemId(deps.db, { connection: record.connection, objectType: record.objectType, systemId: record.id }))?.canonicalId;

  const recordsOn = async (canonicalIds: readonly string[], connection: string, objectType?: string): Promise<Map<string, SystemRef>> => {
    const found = new Map<string, SystemRef>();
    const unknown: string[] = [];
    for (const id of canonicalIds) {
      const pending = pendingByCanonical.get(canonicalKey(id, connection))?.value;
      if (pending && (objectType === undefined || pending.objectType === objectType)) found.set(id, pending);
      else unknown.push(id);
    }
    const rows = await listOnConnection(deps.db, connection, unknown, objectType);
    const byId = new Map<string, CrossReference[]>();
    for (const row of rows) byId.set(row.canonicalId, [...(byId.get(row.canonicalId) ?? []), row]);
    for (const [id, refs] of byId) {
      if (refs.length > 1) {
        throw new NonRetryableError(
          `ambiguous identity: ${id} has ${refs.length} records on ${connection} (${refs.map((r) => `${r.objectType} ${r.systemId}`).join(', ')}); a person must say which is right`,
          { kind: 'xref_ambiguous', connection },
        );
      }
      found.set(id, systemRefOf(refs[0]!));
    }
    return found;
  };

  const adjust = <T>(map: Map<string, Pending<T>>, key: string, value: T, delta: 1 | -1) => {
    const entry = map.get(key);
    if (delta === 1) map.set(key, { value: entry?.value ?? value, count: (entry?.count ?? 0) + 1 });
    else if (entry && --entry.count <= 0) map.delete(key);
  };

  const announce = (links: readonly IdentityLink[]) => {
    for (const link of links) {
      adjust(pendingBySystem, systemKey(link.record), link.canonicalId, 1);
      adjust(pendingByCanonical, canonicalKey(link.canonicalId, link.record.connection), link.record, 1);
    }
  };

  return {
    forStep(links, now) {
      return {
        findCanonicalId,
        async canonicalIdOf(record, entityType) {
          const known = await findCanonicalId(record);
          if (known) return known;
          const stored = await linkCrossReference(deps.db, linkOf({ canonicalId: deps.idFactory.next(entityType), entityType, record }), now());
          return stored.canonicalId;
        },
        async recordOn(canonicalId, connection, objectType) {
          return (await recordsOn([canonicalId], connection, objectType)).get(canonicalId);
        },
        recordsOn,
        async link(canonicalId, entityType, record) {
          // The process's own pending links are checked here; the store's, for all links of a wave at once, by `verify`.
          const owner = pendingBySystem.get(systemKey(record))?.value;
          const current = pendingByCanonical.get(canonicalKey(canonicalId, record.connection))?.value;
          const problem = conflictOf({ canonicalId, entityType, record }, owner, current?.objectType === record.objectType ? current : undefined);
          if (problem) throw new NonRetryableError(problem, { kind: 'xref_conflict', connection: record.connection });
          const made = { canonicalId, entityType, record };
          links.push(made);
          // The record exists in its system: the process's other runs may use the link at once.
          announce([made]);
        },
      };
    },
    async verify(links) {
      const problems = new Map<IdentityLink, string>();
      const groups = new Map<string, IdentityLink[]>();
      for (const link of links) {
        const scope = `${link.record.connection}\u0000${link.record.objectType}`;
        groups.set(scope, [...(groups.get(scope) ?? []), link]);
      }
      for (const group of groups.values()) {
        const { connection, objectType } = group[0]!.record;
        const bySystem = await findManyBySystemIds(deps.db, { connection, objectType }, group.map((l) => l.record.id));
        const byCanonical = await findManyByCanonicalIds(deps.db, { connection, objectType }, group.map((l) => l.canonicalId));
        for (const link of group) {
          const held = byCanonical.get(link.canonicalId);
          const problem = conflictOf(link, bySystem.get(link.record.id)?.canonicalId, held ? systemRefOf(held) : undefined);
          if (problem) problems.set(link, problem);
        }
      }
      return problems;
    },
    announce,
    forget(links) {
      for (const link of links) {
        adjust(pendingBySystem, systemKey(link.record), link.canonicalId, -1);
        adjust(pendingByCanonical, canonicalKey(link.canonicalId, link.record.connection), link.record, -1);
      }
    },
    async store(trx, links, now) {
      if (links.length === 0) return 0;
      const stored = await linkCrossReferences(trx, links.map(linkOf), now);
      let conflicts = 0;
      for (let i = 0; i < links.length; i++) {
        const link = links[i]!;
        const kept = stored[i]!;
        if (kept.canonicalId === link.canonicalId && kept.systemId === link.record.id) continue;
        conflicts++;
        await openStandaloneException(trx, {
          source: 'identity',
          category: 'xref_conflict',
          subject: `${link.record.connection}:${link.record.objectType}:${link.record.id}`,
          message: `cross-reference conflict: ${link.canonicalId} was to be linked to ${link.record.connection} ${link.record.objectType} ${link.record.id}, `
            + `but the store holds ${kept.canonicalId} -> ${kept.systemId} (linked by another run meanwhile); the first link stands`,
          ownerDomain: 'integration',
          slaMs: 24 * 60 * 60_000,
          now,
        });
      }
      return conflicts;
    },
  };
}

/** Why `link` conflicts with what is known: the record's owner and the entity's record of that type. */
function conflictOf(link: IdentityLink, owner: string | undefined, current: SystemRef | undefined): string | undefined {
  const { canonicalId, record } = link;
  if (owner !== undefined && owner !== canonicalId) return `cross-reference conflict: ${record.connection} ${record.objectType} ${record.id} is linked to ${owner}, not ${canonicalId}`;
  if (current !== undefined && current.id !== record.id) return `cross-reference conflict: ${canonicalId} already has ${record.connection} ${record.objectType} ${current.id}, not ${record.id}`;
  return undefined;
}

function linkOf(link: IdentityLink): CrossReference {
  const { record } = link;
  return {
    canonicalId: link.canonicalId, entityType: link.entityType, connection: record.connection, system: record.system,
    objectType: record.objectType, systemId: record.id, externalId: record.externalId ?? null,
  };
}
