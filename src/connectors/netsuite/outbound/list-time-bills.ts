import type { NetSuiteClient } from '../client.js';
import { fromNetSuiteTimeBill, type LedgerTimeBillRecord } from '../mappers/time-bill.js';
import { suiteQlPages } from './suiteql-query.js';

/** The timeBill columns the comparison reads (dates as YYYY-MM-DD, instants as ISO). */
export const TIME_BILL_COLUMNS =
  "id, externalid, employee, customer, hours, TO_CHAR(trandate, 'YYYY-MM-DD') AS trandate, rate, isbillable, approvalstatus, " +
  `TO_CHAR(lastmodifieddate, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS lastmodified`;

/**
 * Every time bill (optionally only those with an external id starting with `externalIdPrefix`),
 * read through SuiteQL in pages of 1,000.
 * Vendor doc: NetSuite Help "SuiteQL" (table timebill); REST `POST /services/rest/query/v1/suiteql`.
 */
export async function listTimeBills(client: NetSuiteClient, options: { externalIdPrefix?: string } = {}): Promise<LedgerTimeBillRecord[]> {
  const where = options.externalIdPrefix !== undefined ? ` WHERE externalid LIKE '${options.externalIdPrefix.replace(/'/g, "''")}%'` : '';
  const bills: LedgerTimeBillRecord[] = [];
  for await (const page of suiteQlPages(client, `SELECT ${TIME_BILL_COLUMNS} FROM timebill${where} ORDER BY id`)) {
    bills.push(...page.rows.map(fromNetSuiteTimeBill));
  }
  return bills;
}
