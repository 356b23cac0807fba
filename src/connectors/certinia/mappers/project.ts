import type { BillingModel } from '../../../canonical/entities/billing-model.js';
import type { Engagement } from '../../../canonical/entities/engagement.js';
import { isCurrencyCode } from '../../../canonical/money/index.js';
import { NonRetryableError } from '../../../runtime/errors.js';
import type { ProjectHistoryRecord, ProjectRecord } from '../schemas.js';
import { entityRefTo, refTo, type MappingSource } from './values.js';

/** The org's `Billing_Model__c` labels (mirrors Opportunity.Billing_Model__c) -> canonical billing model. */
const billingModels: Readonly<Record<string, BillingModel>> = {
  'Time and Materials': 'time_and_materials',
  'Fixed Fee': 'fixed_fee',
  Milestone: 'milestone',
  Retainer: 'retainer',
  Subscription: 'subscription',
};

/** `pse__Stage__c` -> engagement status (picklist values [U]: unknown stages count as active). */
const stages: Readonly<Record<string, Engagement['status']>> = {
  Planned: 'active',
  'In Progress': 'active',
  'On Hold': 'on_hold',
  Completed: 'closed',
  Canceled: 'cancelled',
  Cancelled: 'cancelled',
};

/** Names of the project's region and practice (separate PSA records), and its close date from field history. */
export interface ProjectLookups {
  regionName?: string | undefined;
  practiceName?: string | undefined;
  /** The business date the project was closed for time entry (`closedForTimeOnOf`); used only while it is closed. */
  closedForTimeOn?: string | undefined;
}

/** The checkbox whose history dates a project's close for time entry. */
export const CLOSED_FOR_TIME_FIELD = 'pse__Closed_for_Time_Entry__c';

const isTrue = (value: unknown) => value === true || (typeof value === 'string' && value.toLowerCase() === 'true');

/**
 * The business date a project was closed for time entry, from its field history rows: the date of the
 * latest change of `pse__Closed_for_Time_Entry__c`, when that change set it to true. Undefined without
 * such a row, or when the latest change set it to false (reopened; a close that history did not record
 * is not dated from an older one). The date is the UTC calendar date of the row's `CreatedDate`
 * (Salesforce datetimes are UTC; the org's time zone is not known here) [U: a close late in the
 * evening west of UTC dates a day later].
 */
export function closedForTimeOnOf(rows: readonly ProjectHistoryRecord[]): string | undefined {
  let latest: { at: number; id: string; row: ProjectHistoryRecord } | undefined;
  for (const row of rows) {
    if (row.Field.toLowerCase() !== CLOSED_FOR_TIME_FIELD.toLowerCase()) continue;
    const at = Date.parse(row.CreatedDate.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    if (Number.isNaN(at)) continue;
    if (!latest || at > latest.at || (at === latest.at && row.Id > latest.id)) latest = { at, id: row.Id, row };
  }
  return latest && isTrue(latest.row.NewValue) ? new Date(latest.at).toISOString().slice(0, 10) : undefined;
}

/**
 * pse__Proj__c -> Engagement (no canonical id: intake and flows resolve it). The legal entity is
 * referenced through the PSA region record (the firm staffs one region per legal entity); without a
 * region the project's currency is the only hint and the ERP side resolves the entity from it.
 */
export function engagementOfProject(project: ProjectRecord, source: MappingSource, lookups: ProjectLookups = {}): Engagement {
  const fail = (what: string) => new NonRetryableError(`${source.connection}: project ${project.Id} ${what}`, { kind: 'validation', connection: source.connection });
  if (!project.pse__Account__c) throw fail('has no account (pse__Account__c)');
  if (!project.pse__Start_Date__c) throw fail('has no start date');
  const currency = project.CurrencyIsoCode;
  if (!currency || !isCurrencyCode(currency)) throw fail(`has no valid currency (${currency ?? 'none'})`);
  const code = project.pse__Project_ID__c && /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(project.pse__Project_ID__c) ? project.pse__Project_ID__c : project.Id;
  return {
    systemRefs: [refTo(source, 'pse__Proj__c', project.Id, project.Throughline_Id__c)],
    projectCode: code,
    name: project.Name?.trim() || code,
    clientRef: entityRefTo(source, 'Account', project.pse__Account__c),
    ...(project.pse__Opportunity__c ? { dealRef: entityRefTo(source, 'Opportunity', project.pse__Opportunity__c) } : {}),
    // Internal projects carry no billing model; they post time like T&M, not billable by project flag.
    billingModel: billingModels[project.Billing_Model__c ?? ''] ?? 'time_and_materials',
    currency,
    practice: lookups.practiceName?.trim() || 'Unassigned',
    region: lookups.regionName?.trim() || 'Unassigned',
    legalEntityRef: project.pse__Region__c
      ? entityRefTo(source, 'pse__Region__c', project.pse__Region__c)
      : { refs: [refTo(source, 'CurrencyIsoCode', currency)] },
    ...(project.pse__Project_Manager__c ? { projectManagerRef: entityRefTo(source, 'Contact', project.pse__Project_Manager__c) } : {}),
    startDate: project.pse__Start_Date__c,
    ...(project.pse__End_Date__c ? { endDate: project.pse__End_Date__c } : {}),
    status: project.IsDeleted ? 'cancelled' : (stages[project.pse__Stage__c ?? ''] ?? 'active'),
    closedForTime: project.pse__Closed_for_Time_Entry__c ?? false,
    ...(project.pse__Closed_for_Time_Entry__c === true && lookups.closedForTimeOn ? { closedForTimeOn: lookups.closedForTimeOn } : {}),
    closedForExpense: project.pse__Closed_for_Expense_Entry__c ?? false,
    tasks: [],
  };
}
