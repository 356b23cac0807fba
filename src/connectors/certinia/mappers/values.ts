import { Decimal } from 'decimal.js';
import type { SystemRef } from '../../../canonical/entities/refs.js';
import { isCurrencyCode, type Money } from '../../../canonical/money/index.js';

/** Where mapped records live: the connection and its system name. */
export interface MappingSource {
  connection: string;
  system: string;
}

/** A Salesforce number (JSON number) as a decimal string, never through float arithmetic. */
export function decimalOf(value: number): string {
  return new Decimal(value).toFixed();
}

/** Money from a Salesforce currency field and the record's currency; undefined when either is missing. */
export function moneyOf(amount: number | null | undefined, currency: string | null | undefined): Money | undefined {
  if (amount === null || amount === undefined || !currency || !isCurrencyCode(currency)) return undefined;
  return { amount: decimalOf(amount), currency };
}

/** A SystemRef to a record of this connection. */
export function refTo(source: MappingSource, objectType: string, id: string, externalId?: string | null): SystemRef {
  return { system: source.system, connection: source.connection, objectType, id, ...(externalId ? { externalId } : {}) };
}

/** An entity reference known only by its record in this connection. */
export function entityRefTo(source: MappingSource, objectType: string, id: string): { refs: SystemRef[] } {
  return { refs: [refTo(source, objectType, id)] };
}

/** `YYYY-MM-DD` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
