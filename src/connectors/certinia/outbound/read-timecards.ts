import type { SalesforceClient } from '../../salesforce/client.js';
import { queryAllRecords } from '../../salesforce/outbound/query-soql.js';
import { soqlDatetime, soqlIdList, soqlString } from '../../salesforce/soql.js';
import { selectFields } from '../fields.js';

const OBJECT = 'pse__Timecard_Header__c';
/** Ids per `IN (...)`: keeps the query URL far below Salesforce's limits. */
const IDS_PER_QUERY = 200;

/**
 * The current state of these timecards (deleted ones included, so a deletion can reverse approved time),
 * one SOQL `WHERE Id IN (...)` per 200 ids. Raw records: the caller parses them.
 * Vendor doc: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_queryall.htm
 */
export async function readTimecardsByIds(client: SalesforceClient, ids: readonly string[]): Promise<Record<string, unknown>[]> {
  const records: Record<string, unknown>[] = [];
  for (let start = 0; start < ids.length; start += IDS_PER_QUERY) {
    const chunk = ids.slice(start, start + IDS_PER_QUERY);
    const soql = `SELECT ${selectFields[OBJECT].join(', ')} FROM ${OBJECT} WHERE Id IN ${soqlIdList(chunk)}`;
    records.push(...(await queryAllRecords(client, soql, { includeDeleted: true })));
  }
  return records;
}

/** A position in SystemModstamp order: the instant, and the Id that breaks ties between equal instants. */
export interface ModstampPosition {
  /** ISO instant. */
  modstamp: string;
  id: string;
}

/**
 * The next `limit` timecards after `after` in (SystemModstamp, Id) order, deleted ones included.
 * Equal timestamps are safe: the Id tie-break resumes inside a group of equal SystemModstamps.
 */
export async function readTimecardsChangedAfter(client: SalesforceClient, after: ModstampPosition | undefined, limit: number): Promise<Record<string, unknown>[]> {
  // A start instant without an id (first poll from `since`) includes that instant.
  const where = !after
    ? ''
    : after.id === ''
      ? `WHERE SystemModstamp >= ${soqlDatetime(after.modstamp)}`
      : `WHERE (SystemModstamp > ${soqlDatetime(after.modstamp)}) OR (SystemModstamp = ${soqlDatetime(after.modstamp)} AND Id > ${soqlString(after.id)})`;
  const soql = `SELECT ${selectFields[OBJECT].join(', ')} FROM ${OBJECT} ${where} ORDER BY SystemModstamp ASC, Id ASC LIMIT ${limit}`;
  return queryAllRecords(client, soql.replace(/\s+/g, ' '), { includeDeleted: true });
}
