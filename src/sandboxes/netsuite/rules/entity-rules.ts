import { NetSuiteError } from '../errors.js';
import { dec } from '../money.js';
import { applyPostingPeriod } from './transaction-defaults.js';
import { follow, type RecordRules } from './rule-context.js';

/** Customers default their currency to their subsidiary's base currency. */
export const customerRules: RecordRules = {
  finalize(record, { store }) {
    record.currency ??= follow(store, record.subsidiary)?.currency;
    record.entityId ??= record.companyName;
    return record;
  },
};

/** Projects inherit subsidiary and currency from their parent customer. */
export const jobRules: RecordRules = {
  finalize(record, { store }) {
    const parent = follow(store, record.parent);
    record.subsidiary ??= parent?.subsidiary;
    record.currency ??= parent?.currency;
    record.entityId ??= record.companyName;
    return record;
  },
};

/** Time entries: hours within a day, the employee's subsidiary, default statuses, an open period. */
export const timeBillRules: RecordRules = {
  finalize(record, context) {
    const hours = dec(record.hours);
    if (!hours.greaterThan(0) || hours.greaterThan(24)) {
      throw new NetSuiteError('USER_ERROR', 'Hours must be greater than 0 and at most 24.', { path: 'hours' });
    }
    record.subsidiary ??= follow(context.store, record.employee)?.subsidiary;
    record.approvalStatus ??= { id: '1' };
    record.timeType ??= { id: 'A' };
    record.isBillable ??= false;
    record.posted ??= false;
    applyPostingPeriod(record, context);
    return record;
  },
};
