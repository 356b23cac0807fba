import type { Worker } from '../../../canonical/entities/worker.js';
import { NonRetryableError } from '../../../runtime/errors.js';
import type { ResourceRecord } from '../schemas.js';
import { entityRefTo, moneyOf, refTo, type MappingSource } from './values.js';

/** Names of the resource's region and practice. */
export interface ResourceLookups {
  regionName?: string | undefined;
  practiceName?: string | undefined;
}

/**
 * Contact (PSA resource) -> Worker. The PSA knows no HR employee number: the Contact id is the
 * worker's id here and the email ties it to the HR worker (Workday owns the rest).
 */
export function workerOfResource(contact: ResourceRecord, source: MappingSource, lookups: ResourceLookups = {}): Worker {
  const name = [contact.FirstName, contact.LastName].filter((p) => p && p.trim() !== '').join(' ') || contact.Name || contact.Id;
  const costRate = moneyOf(contact.pse__Default_Cost_Rate__c, contact.CurrencyIsoCode);
  const email = contact.Email && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contact.Email) ? contact.Email : undefined;
  const activeFrom = contact.CreatedDate?.slice(0, 10);
  if (!activeFrom || !/^\d{4}-\d{2}-\d{2}$/.test(activeFrom)) {
    throw new NonRetryableError(`${source.connection}: resource ${contact.Id} has no CreatedDate`, { kind: 'validation', connection: source.connection });
  }
  return {
    systemRefs: [refTo(source, 'Contact', contact.Id, contact.Throughline_Id__c)],
    employeeId: contact.Id,
    displayName: name,
    ...(email ? { email } : {}),
    role: contact.pse__Resource_Role__c?.trim() || contact.Title?.trim() || 'Resource',
    employeeClass: 'employee',
    ...(costRate ? { costRate } : {}),
    homeLegalEntityRef: contact.pse__Region__c
      ? entityRefTo(source, 'pse__Region__c', contact.pse__Region__c)
      : { refs: [refTo(source, 'CurrencyIsoCode', contact.CurrencyIsoCode ?? 'USD')] },
    region: lookups.regionName?.trim() || 'Unassigned',
    ...(lookups.practiceName?.trim() ? { practice: lookups.practiceName.trim() } : {}),
    activeFrom,
    status: contact.IsDeleted || contact.pse__Is_Resource_Active__c === false ? 'terminated' : 'active',
  };
}
