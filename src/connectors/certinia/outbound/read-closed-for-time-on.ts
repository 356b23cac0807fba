import type { SalesforceClient } from '../../salesforce/client.js';
import { queryAllRecords } from '../../salesforce/outbound/query-soql.js';
import { soqlString } from '../../salesforce/soql.js';
import { projectHistoryFields } from '../fields.js';
import { CLOSED_FOR_TIME_FIELD, closedForTimeOnOf } from '../mappers/project.js';
import { projectHistoryRecordSchema, type ProjectHistoryRecord } from '../schemas.js';

/**
 * The business date a project was closed for time entry, from Salesforce field history: Certinia has
 * no "closed on" field, only the `pse__Closed_for_Time_Entry__c` checkbox, so the date is the one of
 * the latest `pse__Proj__History` row of that field (see `closedForTimeOnOf`). One SOQL query. Filters
 * on `ParentId` and `Field` and orders by `CreatedDate` only: `OldValue`/`NewValue` (anyType) cannot
 * be filtered. Undefined when the org does not track history on projects (`INVALID_TYPE`: the history
 * object does not exist, or the user may not read it) or has no row of that field.
 * Vendor doc: https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_associated_objects_history.htm
 */
export async function readClosedForTimeOn(client: SalesforceClient, projectId: string): Promise<string | undefined> {
  const soql = `SELECT ${projectHistoryFields.join(', ')} FROM pse__Proj__History`
    + ` WHERE ParentId = ${soqlString(projectId)} AND Field = ${soqlString(CLOSED_FOR_TIME_FIELD)}`
    + ' ORDER BY CreatedDate DESC, Id DESC LIMIT 1';
  let raw: unknown[];
  try {
    raw = await queryAllRecords(client, soql);
  } catch (error) {
    if ((error as { details?: { vendorCode?: unknown } } | undefined)?.details?.vendorCode === 'INVALID_TYPE') return undefined;
    throw error;
  }
  const rows: ProjectHistoryRecord[] = [];
  for (const record of raw) {
    const parsed = projectHistoryRecordSchema.safeParse(record);
    if (parsed.success) rows.push(parsed.data);
  }
  return closedForTimeOnOf(rows);
}
