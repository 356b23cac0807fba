import type { Milestone } from '../../../canonical/entities/milestone.js';
import { NonRetryableError } from '../../../runtime/errors.js';
import { isoInstantOf } from '../../salesforce/soql.js';
import type { MilestoneRecord } from '../schemas.js';
import { entityRefTo, moneyOf, refTo, type MappingSource } from './values.js';

/** The most advanced state the milestone's flags and status say it reached. */
function statusOf(m: MilestoneRecord): Milestone['status'] {
  if (m.IsDeleted || m.pse__Status__c === 'Canceled' || m.pse__Status__c === 'Cancelled') return 'cancelled';
  if (m.pse__Invoiced__c || m.pse__Billed__c) return 'invoiced';
  if (m.pse__Approved_for_Billing__c) return 'approved_for_billing';
  if (m.pse__Status__c === 'Complete' || m.pse__Status__c === 'Completed') return 'completed';
  if (m.pse__Status__c === 'In Progress') return 'in_progress';
  return 'planned';
}

/** pse__Milestone__c -> Milestone. The PSA keeps no approval timestamp: the last change stands in for it. */
export function milestoneOfRecord(m: MilestoneRecord, source: MappingSource): Milestone {
  const amount = moneyOf(m.pse__Milestone_Amount__c, m.CurrencyIsoCode);
  const dueDate = m.pse__Target_Date__c ?? m.pse__Actual_Date__c;
  if (!amount || !dueDate) throw new NonRetryableError(`${source.connection}: milestone ${m.Id} has no amount, currency or target date`, { kind: 'validation', connection: source.connection });
  const status = statusOf(m);
  const changedAt = isoInstantOf(m.SystemModstamp);
  return {
    systemRefs: [refTo(source, 'pse__Milestone__c', m.Id, m.Throughline_Id__c)],
    engagementRef: entityRefTo(source, 'pse__Proj__c', m.pse__Project__c),
    name: m.Name?.trim() || m.Id,
    amount,
    dueDate,
    status,
    ...(m.pse__Actual_Date__c ? { completedAt: `${m.pse__Actual_Date__c}T00:00:00.000Z` } : {}),
    ...(status === 'approved_for_billing' || status === 'invoiced' ? { approvedForBillingAt: changedAt } : {}),
    dependsOn: [],
  };
}
