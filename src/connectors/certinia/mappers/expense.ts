import type { Expense } from '../../../canonical/entities/expense.js';
import { NonRetryableError } from '../../../runtime/errors.js';
import { isoInstantOf } from '../../salesforce/soql.js';
import type { ExpenseRecord } from '../schemas.js';
import { entityRefTo, moneyOf, type MappingSource } from './values.js';

/** `pse__Status__c` (values [U]) -> expense status. */
const statuses: Readonly<Record<string, Expense['status']>> = { Draft: 'draft', Submitted: 'submitted', Approved: 'approved', Rejected: 'rejected' };

/** pse__Expense__c -> Expense (keyed by the PSA expense id). The last change stands in for the approval time. */
export function expenseOfRecord(e: ExpenseRecord, source: MappingSource): Expense {
  const amount = moneyOf(e.pse__Amount__c, e.CurrencyIsoCode);
  if (!amount) throw new NonRetryableError(`${source.connection}: expense ${e.Id} has no valid currency`, { kind: 'validation', connection: source.connection });
  const status = e.IsDeleted ? 'rejected' : (statuses[e.pse__Status__c ?? ''] ?? 'draft');
  return {
    expenseId: e.Id,
    workerRef: entityRefTo(source, 'Contact', e.pse__Resource__c),
    projectRef: entityRefTo(source, 'pse__Proj__c', e.pse__Project__c),
    date: e.pse__Expense_Date__c,
    category: e.pse__Type__c?.trim() || 'Other',
    ...(e.pse__Description__c ? { description: e.pse__Description__c } : {}),
    amount,
    billable: e.pse__Billable__c ?? true,
    status,
    ...(status === 'approved' ? { approvedAt: isoInstantOf(e.SystemModstamp) } : {}),
  };
}
