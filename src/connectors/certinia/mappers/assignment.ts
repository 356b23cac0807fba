import type { Assignment } from '../../../canonical/entities/assignment.js';
import { NonRetryableError } from '../../../runtime/errors.js';
import type { AssignmentRecord } from '../schemas.js';
import { decimalOf, entityRefTo, moneyOf, refTo, type MappingSource } from './values.js';

/** `pse__Status__c` (values [U]) -> assignment status. */
const statuses: Readonly<Record<string, Assignment['status']>> = { Tentative: 'planned', Scheduled: 'confirmed', Closed: 'completed', Cancelled: 'cancelled', Canceled: 'cancelled' };

/** pse__Assignment__c -> Assignment (bill and cost rates in the assignment's currency). */
export function assignmentOfRecord(a: AssignmentRecord, source: MappingSource): Assignment {
  if (!a.pse__Start_Date__c) throw new NonRetryableError(`${source.connection}: assignment ${a.Id} has no start date`, { kind: 'validation', connection: source.connection });
  const billRate = moneyOf(a.pse__Bill_Rate__c, a.CurrencyIsoCode);
  const costRate = moneyOf(a.pse__Cost_Rate_Amount__c, a.CurrencyIsoCode);
  return {
    systemRefs: [refTo(source, 'pse__Assignment__c', a.Id, a.Throughline_Id__c)],
    workerRef: entityRefTo(source, 'Contact', a.pse__Resource__c),
    engagementRef: entityRefTo(source, 'pse__Proj__c', a.pse__Project__c),
    role: a.pse__Role__c?.trim() || 'Resource',
    ...(billRate ? { billRate } : {}),
    ...(costRate ? { costRate } : {}),
    startDate: a.pse__Start_Date__c,
    ...(a.pse__End_Date__c ? { endDate: a.pse__End_Date__c } : {}),
    ...(a.pse__Planned_Hours__c !== null && a.pse__Planned_Hours__c !== undefined && a.pse__Planned_Hours__c >= 0 ? { plannedHours: decimalOf(a.pse__Planned_Hours__c) } : {}),
    status: a.IsDeleted ? 'cancelled' : (statuses[a.pse__Status__c ?? ''] ?? 'confirmed'),
  };
}
