/**
 * SOQL over REST: `GET /query?q=` and `/queryAll?q=` (deleted rows too), paged by `nextRecordsUrl`.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
 */
import { sfError } from '../errors.js';
import { executeSoql, type QueryRecord } from '../soql/execute.js';
import { parseSoql } from '../soql/parser.js';
import type { CallContext, RestCall, RestDeps, RestResponse } from './types.js';

function batchSizeOf(call: RestCall, deps: RestDeps): number {
  // Sforce-Query-Options: batchSize=N (Salesforce honours 200..2000).
  const match = /batchSize=(\d+)/i.exec(call.headers['sforce-query-options'] ?? '');
  if (!match) return deps.queryBatchSize;
  return Math.min(2000, Math.max(200, Number(match[1])));
}

function page(records: QueryRecord[], start: number, size: number, totalSize: number, cursorId: string | undefined, version: string): RestResponse {
  const batch = records.slice(start, start + size);
  const done = start + size >= records.length;
  return {
    status: 200,
    body: {
      totalSize,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/v${version}/query/${cursorId}-${start + size}` }),
      records: batch,
    },
  };
}

/** `GET /query?q=` or `/queryAll?q=`. */
export function runQuery(call: RestCall, ctx: CallContext, deps: RestDeps, includeDeleted: boolean): RestResponse {
  const q = call.query.q;
  if (!q) throw sfError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
  const result = executeSoql(parseSoql(q), { store: deps.store, now: deps.clock.now(), includeDeleted, version: ctx.version });
  const size = batchSizeOf(call, deps);
  const cursorId = result.records.length > size ? deps.cursors.open(result.records, result.totalSize) : undefined;
  return page(result.records, 0, size, result.totalSize, cursorId, ctx.version);
}

/** `GET /query/{locator}-{offset}`: the next batch of an open query. */
export function queryMore(locator: string, call: RestCall, ctx: CallContext, deps: RestDeps): RestResponse {
  const match = /^(01g[0-9A-Za-z]{15})-(\d+)$/.exec(locator);
  const cursor = match ? deps.cursors.get(match[1]!) : undefined;
  if (!match || !cursor) throw sfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
  const start = Number(match[2]);
  const size = batchSizeOf(call, deps);
  return page(cursor.records, start, size, cursor.totalSize, match[1], ctx.version);
}
