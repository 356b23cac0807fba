/**
 * sObject collections: create/update/delete/retrieve up to 200 records per call, and upsert by
 * external id, with `allOrNone` rollback.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections.htm
 */
import { SalesforceApiError, sfError } from '../errors.js';
import { normalizeId } from '../ids.js';
import { findObject } from '../metadata/catalog.js';
import { objectFromUrl, externalIdField, readRecord, upsertOne } from './sobjects.js';
import type { CallContext, RestCall, RestDeps, RestResponse } from './types.js';

/** Per-record result in the collections shape. */
type SaveResult =
  | { id?: string; success: true; errors: []; created?: boolean }
  | { id?: string; success: false; errors: ReturnType<SalesforceApiError['toRecordError']>[] };

const MAX_RECORDS = 200;
const ROLLED_BACK = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

class RollbackAll extends Error {}

function recordsOf(body: unknown): { allOrNone: boolean; records: Record<string, unknown>[] } {
  const b = (body ?? {}) as { allOrNone?: unknown; records?: unknown };
  if (!Array.isArray(b.records)) throw sfError(400, 'JSON_PARSER_ERROR', 'The request body must hold a records array');
  if (b.records.length > MAX_RECORDS) throw sfError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`);
  return { allOrNone: b.allOrNone === true, records: b.records as Record<string, unknown>[] };
}

/** Runs `each` per item: each in its own transaction, or all in one when `allOrNone`. */
function runAll<T>(items: T[], allOrNone: boolean, ctx: CallContext, deps: RestDeps, each: (item: T) => SaveResult): SaveResult[] {
  const attempt = (item: T): SaveResult => {
    try {
      return deps.store.transaction(ctx, () => each(item));
    } catch (error) {
      if (error instanceof SalesforceApiError) return { success: false, errors: [error.toRecordError()] };
      throw error;
    }
  };
  if (!allOrNone) return items.map(attempt);
  const results: SaveResult[] = [];
  try {
    deps.store.transaction(ctx, () => {
      for (const item of items) results.push(attempt(item));
      if (results.some((r) => !r.success)) throw new RollbackAll();
    });
  } catch (error) {
    if (!(error instanceof RollbackAll)) throw error;
    return results.map((r) => (r.success ? { ...(r.id ? { id: r.id } : {}), success: false, errors: [ROLLED_BACK] } : r));
  }
  return results;
}

function typeOf(record: Record<string, unknown>, deps: RestDeps) {
  const type = (record.attributes as { type?: string } | undefined)?.type;
  const found = type ? findObject(type) : undefined;
  const object = found && deps.store.hasObject(found) ? found : undefined;
  if (!object) throw sfError(400, 'INVALID_TYPE', type ? `sObject type '${type}' is not supported.` : 'Record must specify attributes.type', []);
  return object;
}

const withoutKeys = (record: Record<string, unknown>, keys: string[]) =>
  Object.fromEntries(Object.entries(record).filter(([k]) => !keys.includes(k.toLowerCase())));

/** `POST /composite/sobjects`. */
export function createMany(call: RestCall, ctx: CallContext, deps: RestDeps): RestResponse {
  const { allOrNone, records } = recordsOf(call.body);
  const results = runAll(records, allOrNone, ctx, deps, (record) => {
    if ('id' in record || 'Id' in record) throw sfError(400, 'INVALID_FIELD', 'The Id field should not be specified in the sobject data.', ['Id']);
    const id = deps.store.create(typeOf(record, deps), withoutKeys(record, ['attributes']));
    return { id, success: true, errors: [] };
  });
  return { status: 200, body: results };
}

/** `PATCH /composite/sobjects`. */
export function updateMany(call: RestCall, ctx: CallContext, deps: RestDeps): RestResponse {
  const { allOrNone, records } = recordsOf(call.body);
  const results = runAll(records, allOrNone, ctx, deps, (record) => {
    const id = String(record.id ?? record.Id ?? '');
    if (!id) throw sfError(400, 'MISSING_ARGUMENT', 'Id not specified in an update call', []);
    deps.store.update(typeOf(record, deps), id, withoutKeys(record, ['attributes', 'id']));
    return { id: normalizeId(id) ?? id, success: true, errors: [] };
  });
  return { status: 200, body: results };
}

/** `DELETE /composite/sobjects?ids=&allOrNone=`. */
export function deleteMany(call: RestCall, ctx: CallContext, deps: RestDeps): RestResponse {
  const ids = (call.query.ids ?? '').split(',').filter(Boolean);
  if (ids.length > MAX_RECORDS) throw sfError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`);
  const results = runAll(ids, call.query.allOrNone === 'true', ctx, deps, (id) => {
    deps.store.remove(undefined, id);
    return { id: normalizeId(id) ?? id, success: true, errors: [] };
  });
  return { status: 200, body: results.map((r, i) => ({ id: normalizeId(ids[i]!) ?? ids[i], ...r })) };
}

/** `GET /composite/sobjects/{Obj}?ids=&fields=` (or POST with the same in the body). */
export function retrieveMany(objectName: string, call: RestCall, ctx: CallContext, deps: RestDeps): RestResponse {
  const object = objectFromUrl(objectName, deps);
  const body = (call.body ?? {}) as { ids?: string[]; fields?: string[] };
  const ids = body.ids ?? (call.query.ids ?? '').split(',').filter(Boolean);
  const fields = body.fields?.join(',') ?? call.query.fields;
  if (!fields) throw sfError(400, 'MISSING_ARGUMENT', 'fields parameter is required');
  const records = ids.map((id) => {
    try {
      return readRecord(object, id, { ...call, query: { fields } }, ctx, deps).body;
    } catch (error) {
      if (error instanceof SalesforceApiError && error.status === 404) return null;
      throw error;
    }
  });
  return { status: 200, body: records };
}

/** `PATCH /composite/sobjects/{Obj}/{ExtField}`: upsert up to 200 records by external id. */
export function upsertMany(objectName: string, fieldName: string, call: RestCall, ctx: CallContext, deps: RestDeps): RestResponse {
  const object = objectFromUrl(objectName, deps);
  const field = externalIdField(object, fieldName);
  const { allOrNone, records } = recordsOf(call.body);
  const seen = new Map<string, number>();
  for (const record of records) {
    const key = String(Object.entries(record).find(([k]) => k.toLowerCase() === field.name.toLowerCase())?.[1] ?? '').toLowerCase();
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const results = runAll(records, allOrNone, ctx, deps, (record) => {
    if (typeOf(record, deps) !== object) throw sfError(400, 'INVALID_TYPE', `Record type ${typeOf(record, deps).name} does not match ${object.name}`);
    const value = Object.entries(record).find(([k]) => k.toLowerCase() === field.name.toLowerCase())?.[1];
    if (value === undefined || value === null || value === '') throw sfError(400, 'MISSING_ARGUMENT', `${field.name} not specified`, [field.name]);
    if ((seen.get(String(value).toLowerCase()) ?? 0) > 1) throw sfError(400, 'DUPLICATE_EXTERNAL_ID', `Duplicate external id specified: ${String(value)}`, [field.name]);
    const outcome = upsertOne(object, field, String(value), withoutKeys(record, ['attributes']), { updateOnly: false, bodyMayHoldKey: true }, ctx, deps);
    if ('multiple' in outcome) throw sfError(300, 'DUPLICATE_EXTERNAL_ID', `${field.name}: more than one record found for external id field: [${outcome.multiple.join(', ')}]`, [field.name]);
    return { id: outcome.id, success: true, errors: [], created: outcome.created };
  });
  return { status: 200, body: results };
}
