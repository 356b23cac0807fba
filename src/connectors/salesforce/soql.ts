import { NonRetryableError } from '../../runtime/errors.js';

const SALESFORCE_ID = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;

/** A SOQL string literal: quotes and backslashes escaped, so values never change the query. */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * A SOQL datetime literal of an instant in UTC. Salesforce documents second precision
 * (`2026-03-04T10:00:00Z`), which is what its datetimes carry; milliseconds are kept only when
 * non-zero, so no instant is rounded into a different comparison.
 * Vendor doc: https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_dateformats.htm
 */
export function soqlDatetime(instant: Date | string): string {
  return new Date(instant).toISOString().replace('.000Z', 'Z');
}

/** `('id1','id2')` for `IN`, refusing anything that is not a Salesforce id. */
export function soqlIdList(ids: readonly string[]): string {
  for (const id of ids) if (!SALESFORCE_ID.test(id)) throw new NonRetryableError(`not a Salesforce id: ${JSON.stringify(id)}`, { kind: 'validation' });
  return `(${ids.map((id) => `'${id}'`).join(',')})`;
}

/** True when `value` looks like a 15- or 18-character Salesforce id. */
export function isSalesforceId(value: string): boolean {
  return SALESFORCE_ID.test(value);
}

/** Salesforce's `2026-03-04T10:00:00.000+0000` as an ISO instant `2026-03-04T10:00:00.000Z`. */
export function isoInstantOf(salesforceDatetime: string): string {
  const normalized = salesforceDatetime.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normalized);
  if (Number.isNaN(ms)) throw new NonRetryableError(`not a Salesforce datetime: ${JSON.stringify(salesforceDatetime)}`, { kind: 'validation' });
  return new Date(ms).toISOString();
}
