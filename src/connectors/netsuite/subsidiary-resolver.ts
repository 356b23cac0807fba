import type { EntityRef } from '../../canonical/entities/refs.js';
import { NonRetryableError } from '../../runtime/errors.js';
import type { NetSuiteConnectorConfig } from './config.js';
import type { ReferenceLookup } from './reference-lookup.js';

/** Finds the NetSuite subsidiary of a legal entity reference (and the record's currency as a last hint). */
export interface SubsidiaryResolver {
  /** The subsidiary internal id; NonRetryableError when nothing identifies one. */
  resolve(legalEntity: EntityRef | undefined, currency: string | undefined, what: string): Promise<string>;
  /**
   * The subsidiary internal id, or undefined when nothing identifies one. Lookup failures (throttles,
   * outages) are thrown, never read as "none": a record written without its subsidiary stays so.
   */
  find(legalEntity: EntityRef | undefined, currency: string | undefined): Promise<string | undefined>;
}

/**
 * Resolution order: the configured map (by canonical id, system id or external id of the entity's
 * refs) -> a subsidiary whose external id or name equals one of those keys -> the only subsidiary
 * whose base currency is the record's currency -> the configured default.
 */
export function createSubsidiaryResolver(config: NetSuiteConnectorConfig, lookup: ReferenceLookup, connection: string): SubsidiaryResolver {
  const map = config.subsidiaries ?? {};
  const keysOf = (legalEntity: EntityRef | undefined) =>
    legalEntity ? [legalEntity.canonicalId, ...legalEntity.refs.flatMap((ref) => [ref.id, ref.externalId])].filter((k): k is string => !!k) : [];
  const find = async (legalEntity: EntityRef | undefined, currency: string | undefined): Promise<string | undefined> => {
    const keys = keysOf(legalEntity);
    for (const key of keys) {
      const mapped = map[key];
      if (mapped !== undefined) return lookup.require('subsidiary', mapped);
    }
    for (const key of keys) {
      const found = await lookup.find('subsidiary', key);
      if (found !== undefined) return found;
    }
    if (currency) {
      const currencyId = await lookup.find('currency', currency);
      const candidates = currencyId ? await lookup.subsidiariesOfCurrency(currencyId) : [];
      if (candidates.length === 1) return candidates[0]!;
    }
    if (config.defaultSubsidiary !== undefined) return lookup.require('subsidiary', config.defaultSubsidiary);
    return undefined;
  };
  return {
    find,
    async resolve(legalEntity, currency, what) {
      const found = await find(legalEntity, currency);
      if (found !== undefined) return found;
      const keys = keysOf(legalEntity);
      throw new NonRetryableError(
        `${connection}: no NetSuite subsidiary for ${what} (legal entity ${keys.join(', ') || 'unknown'}; map it under subsidiaries in the connector config)`,
        { kind: 'validation', connection },
      );
    },
  };
}
