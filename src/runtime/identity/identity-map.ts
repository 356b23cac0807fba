import type { SystemRef } from '../../canonical/entities/refs.js';

/**
 * The identity map a step sees (`ctx.identity`): which canonical entity a system record is, and
 * which record a canonical entity has in a system. The runtime owns it, so no flow or connector
 * reads or writes cross-references itself, and one place decides "first writer wins" and ambiguity.
 */
export interface IdentityMap {
  /** The canonical id of a system record, if the hub knows it. */
  findCanonicalId(record: SystemRef): Promise<string | undefined>;
  /**
   * The canonical id of a system record, allocated (a new `entityType` id) and stored at once when
   * the hub does not know it yet — before anything is written elsewhere, so ids derived from it
   * (external ids) survive a crash. First writer wins: two runs racing on one record get one id.
   */
  canonicalIdOf(record: SystemRef, entityType: string): Promise<string>;
  /**
   * The record a canonical entity has on a connection (of `objectType` when given). Two different
   * records for one canonical id on one connection is ambiguous: an `xref_ambiguous` exception,
   * never a silent pick.
   */
  recordOn(canonicalId: string, connection: string, objectType?: string): Promise<SystemRef | undefined>;
  /** {@link recordOn} for many canonical ids at once (one query): canonical id -> record. */
  recordsOn(canonicalIds: readonly string[], connection: string, objectType?: string): Promise<Map<string, SystemRef>>;
  /**
   * Records that `canonicalId` now has `record` (created or found by its deterministic external id).
   * A record already linked to another entity, or an entity already linked to another record of that
   * type, is an `xref_conflict` exception (checked against the process's links now, against the store
   * for all links of the worker's wave at once when the step returns). Stored with the step's checkpoint, in its
   * transaction; until then the process's other runs already see it. A crash before the checkpoint
   * loses the link, not the record: the step runs again and finds the record by its external id.
   */
  link(canonicalId: string, entityType: string, record: SystemRef): Promise<void>;
}

/** A link a step made, stored with its checkpoint. */
export interface IdentityLink {
  canonicalId: string;
  entityType: string;
  record: SystemRef;
}
