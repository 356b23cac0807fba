import type { z } from 'zod';
import type { SalesforceClient } from '../../salesforce/client.js';
import { querySoql } from '../../salesforce/outbound/query-soql.js';
import { soqlIdList } from '../../salesforce/soql.js';
import { selectFields } from '../fields.js';

/** A record that did not parse or map: reported with its reason, never blocking the others. */
export interface RejectedRecord {
  id: string | undefined;
  reason: string;
}

/** Mapped records and the ones refused. */
export interface ReadResult<T> {
  records: T[];
  rejected: RejectedRecord[];
}

/**
 * Reads records of one object with a SOQL filter (e.g. `pse__Project__c IN (...)`), parses each with
 * `schema` and maps it with `map`; bad records are collected in `rejected`.
 * Vendor doc: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
 */
export async function readMapped<S extends z.ZodType, T>(
  client: SalesforceClient,
  input: { objectType: keyof typeof selectFields; where?: string | undefined; schema: S; map: (record: z.infer<S>) => T },
): Promise<ReadResult<T>> {
  const soql = `SELECT ${selectFields[input.objectType].join(', ')} FROM ${input.objectType}${input.where ? ` WHERE ${input.where}` : ''} ORDER BY Id`;
  const out: ReadResult<T> = { records: [], rejected: [] };
  for await (const batch of querySoql(client, soql)) {
    for (const raw of batch) {
      const parsed = input.schema.safeParse(raw);
      if (!parsed.success) {
        out.rejected.push({ id: raw.Id, reason: parsed.error.message });
        continue;
      }
      try {
        out.records.push(input.map(parsed.data));
      } catch (error) {
        out.rejected.push({ id: raw.Id, reason: (error as Error).message });
      }
    }
  }
  return out;
}

/** `<field> IN ('id1',...)` with validated ids. */
export function whereIn(field: string, ids: readonly string[]): string {
  return `${field} IN ${soqlIdList(ids)}`;
}
