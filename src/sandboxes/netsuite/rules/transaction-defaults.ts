import { NetSuiteError } from '../errors.js';
import type { StoredRecord } from '../records/field-spec.js';
import type { NetSuiteStore } from '../store.js';
import { assertPeriodOpen } from './accounting-periods.js';
import { follow, refTo, type RuleContext } from './rule-context.js';

/**
 * Defaults and checks every posting transaction shares: the customer behind an entity (a project's
 * parent), subsidiary and currency defaults, the open-period check and the posting period.
 */

/** The customer behind an entity reference: itself, or a project's parent customer. */
export function customerBehind(store: NetSuiteStore, entityRef: unknown): StoredRecord | undefined {
  const entity = follow(store, entityRef);
  if (!entity) return undefined;
  return (entityRef as { type: string }).type === 'job' ? follow(store, entity.parent) : entity;
}

/** Fills subsidiary and currency from the entity (then the subsidiary's base currency). */
export function applyEntityDefaults(record: Record<string, unknown>, store: NetSuiteStore, entityField: string): void {
  const entity = follow(store, record[entityField]);
  const customer = customerBehind(store, record[entityField]);
  record.subsidiary ??= entity?.subsidiary ?? customer?.subsidiary;
  const subsidiary = follow(store, record.subsidiary);
  record.currency ??= entity?.currency ?? customer?.currency ?? subsidiary?.currency;
  if (!record.currency) {
    throw new NetSuiteError('USER_ERROR', 'Please enter value(s) for: Currency', { path: 'currency' });
  }
}

/** The number of decimal places of the record's currency (NetSuite's currencyPrecision, default 2). */
export function currencyPrecision(store: NetSuiteStore, currencyRef: unknown): number {
  const currency = follow(store, currencyRef);
  return typeof currency?.currencyPrecision === 'number' ? currency.currencyPrecision : 2;
}

/**
 * Rejects a posting (or a change to one) whose date lies in a closed period and stamps postingPeriod.
 */
export function applyPostingPeriod(record: Record<string, unknown>, context: RuleContext): void {
  if (context.existing && typeof context.existing.tranDate === 'string') {
    assertPeriodOpen(context.store, context.existing.tranDate);
  }
  const period = assertPeriodOpen(context.store, String(record.tranDate));
  if (period) record.postingPeriod = refTo('accountingPeriod', period);
  else delete record.postingPeriod;
}
