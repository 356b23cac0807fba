import { NonRetryableError } from '../../runtime/errors.js';
import type { NetSuiteClient } from './client.js';
import { sqlText, suiteQlAll } from './outbound/suiteql-query.js';

/** Which name column identifies a record of each reference table. */
const nameColumns = { subsidiary: 'name', currency: 'symbol', item: 'itemid' } as const;

/** A reference table the connector resolves names in. */
export type ReferenceTable = keyof typeof nameColumns;

/** Resolves reference data (subsidiaries, currencies, service items) to internal ids, cached per connector. */
export interface ReferenceLookup {
  /**
   * The internal id for `key`: digits are an internal id already; `eid:X` is an external id; anything
   * else is the record's name (currency: its ISO code). Undefined when nothing matches.
   */
  find(table: ReferenceTable, key: string): Promise<string | undefined>;
  /** As `find`, but a missing record is a NonRetryableError naming it. */
  require(table: ReferenceTable, key: string): Promise<string>;
  /** Internal ids of the subsidiaries whose base currency is `currencyId`. */
  subsidiariesOfCurrency(currencyId: string): Promise<string[]>;
  /** The ISO code (symbol) of a currency internal id. */
  currencyCode(currencyId: string): Promise<string>;
}

/**
 * Creates the lookup. Every resolution is one SuiteQL query the first time and free afterwards.
 * Vendor doc: NetSuite Help "SuiteQL" (tables subsidiary, currency, item).
 */
export function createReferenceLookup(client: NetSuiteClient): ReferenceLookup {
  const cache = new Map<string, Promise<string | undefined>>();
  const query = async (table: ReferenceTable, key: string): Promise<string | undefined> => {
    if (/^\d+$/.test(key)) return key;
    const where = key.startsWith('eid:') ? `externalid = ${sqlText(key.slice(4))}` : `${nameColumns[table]} = ${sqlText(key)} OR externalid = ${sqlText(key)}`;
    const rows = await suiteQlAll(client, `SELECT id FROM ${table} WHERE ${where}`);
    return rows.length === 1 ? String(rows[0]!.id) : undefined;
  };
  const find = (table: ReferenceTable, key: string) => {
    const cacheKey = `${table}:${key}`;
    let hit = cache.get(cacheKey);
    if (!hit) {
      hit = query(table, key);
      cache.set(cacheKey, hit);
      // Failures (throttles, outages) are not remembered: the next call asks again.
      hit.catch(() => cache.delete(cacheKey));
    }
    return hit;
  };
  const byCurrency = new Map<string, Promise<string[]>>();
  const codes = new Map<string, Promise<string>>();
  return {
    find,
    async require(table, key) {
      const id = await find(table, key);
      if (id === undefined) throw new NonRetryableError(`${client.connection}: no ${table} "${key}" in NetSuite`, { kind: 'validation', vendorCode: 'INVALID_KEY_OR_REF', connection: client.connection });
      return id;
    },
    subsidiariesOfCurrency(currencyId) {
      let hit = byCurrency.get(currencyId);
      if (!hit) {
        hit = suiteQlAll(client, `SELECT id FROM subsidiary WHERE currency = ${sqlText(currencyId)}`).then((rows) => rows.map((row) => String(row.id)));
        byCurrency.set(currencyId, hit);
        hit.catch(() => byCurrency.delete(currencyId));
      }
      return hit;
    },
    currencyCode(currencyId) {
      let hit = codes.get(currencyId);
      if (!hit) {
        hit = suiteQlAll(client, `SELECT symbol FROM currency WHERE id = ${sqlText(currencyId)}`).then((rows) => {
          const symbol = rows[0]?.symbol;
          if (typeof symbol !== 'string') throw new NonRetryableError(`${client.connection}: no currency with internal id ${currencyId}`, { kind: 'validation', connection: client.connection });
          return symbol;
        });
        codes.set(currencyId, hit);
        hit.catch(() => codes.delete(currencyId));
      }
      return hit;
    },
  };
}
