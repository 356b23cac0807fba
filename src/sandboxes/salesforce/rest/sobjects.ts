/**
 * sObject rows: create, read, update, delete, and read/upsert/delete by external id.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_basic_info.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_upsert.htm
 */
import { sfError } from '../errors.js';
import { normalizeId } from '../ids.js';
import { findField, findObject } from '../metadata/catalog.js';
import type { FieldMeta, ObjectMeta } from '../metadata/types.js';
import { project } from '../soql/execute.js';
import type { CallContext, RestCall, RestDeps, RestResponse } from './types.js';

/**
 * The object named in the URL, or 404 NOT_FOUND as Salesforce answers for unknown types (a history
 * object whose parent has no field history tracking does not exist in the org).
 */
export function objectFromUrl(name: string, deps: Pick<RestDeps, 'store'>): ObjectMeta {
  const object = findObject(name);
  if (!object || !deps.store.hasObject(object)) throw sfError(404, 'NOT_FOUND', `The requested resource does not exist`);
  return object;
}

/** The request body as a plain object, or 400 JSON_PARSER_ERROR. */
export function bodyObject(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw sfError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

/** The external-id field named in the URL (`Id` allowed), or 404 as Salesforce answers. */
export function externalIdField(object: ObjectMeta, name: string): FieldMeta {
  const field = findField(object, name);
  if (!field || !(field.externalId || field.name === 'Id')) {
    throw sfError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${name}`);
  }
  return field;
}

const recordUrl = (ctx: CallContext, object: ObjectMeta, id: string) => `/services/data/v${ctx.version}/sobjects/${object.name}/${id}`;

function selectFields(object: ObjectMeta, raw: string | undefined): FieldMeta[] {
  if (!raw) return object.fields;
  return raw.split(',').map((name) => {
    const field = findField(object, name.trim());
    if (!field) throw sfError(400, 'INVALID_FIELD', `No such column '${name.trim()}' on sobject of type ${object.name}`);
    return field;
  });
}

/** Records matching an external id value (non-deleted). */
export function matchExternalId(deps: RestDeps, object: ObjectMeta, field: FieldMeta, value: string) {
  if (field.name === 'Id') {
    const record = deps.store.get(value);
    return record && record.IsDeleted !== true && String(record.Id).startsWith(object.keyPrefix) ? [record] : [];
  }
  return deps.store.findByExternalId(object, field, value);
}

/** `POST /sobjects/{Obj}` -> 201 `{id, success, errors}`. */
export function createRecord(object: ObjectMeta, call: RestCall, ctx: CallContext, deps: RestDeps): RestResponse {
  const input = bodyObject(call.body);
  const id = deps.store.transaction(ctx, () => deps.store.create(object, input));
  return { status: 201, body: { id, success: true, errors: [] }, headers: { Location: recordUrl(ctx, object, id) } };
}

/** `GET /sobjects/{Obj}/{id}?fields=`. */
export function readRecord(object: ObjectMeta, rawId: string, call: RestCall, ctx: CallContext, deps: RestDeps): RestResponse {
  const id = normalizeId(rawId);
  const record = id ? deps.store.get(id) : undefined;
  if (!record || !id!.startsWith(object.keyPrefix)) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
  if (record.IsDeleted === true) throw sfError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
  return { status: 200, body: project(object, record, selectFields(object, call.query.fields), ctx.version) };
}

/** `PATCH /sobjects/{Obj}/{id}` -> 204. */
export function updateRecord(object: ObjectMeta, id: string, call: RestCall, ctx: CallContext, deps: RestDeps): RestResponse {
  const input = bodyObject(call.body);
  deps.store.transaction(ctx, () => deps.store.update(object, id, input));
  return { status: 204 };
}

/** `DELETE /sobjects/{Obj}/{id}` -> 204. */
export function deleteRecord(object: ObjectMeta, id: string, ctx: CallContext, deps: RestDeps): RestResponse {
  deps.store.transaction(ctx, () => deps.store.remove(object, id));
  return { status: 204 };
}

const multipleMatches = (ctx: CallContext, object: ObjectMeta, ids: string[]): RestResponse => ({
  status: 300,
  body: ids.map((id) => recordUrl(ctx, object, id)),
});

/** `GET|DELETE /sobjects/{Obj}/{ExtField}/{value}`. */
export function byExternalId(object: ObjectMeta, fieldName: string, value: string, call: RestCall, ctx: CallContext, deps: RestDeps): RestResponse {
  const field = externalIdField(object, fieldName);
  const matches = matchExternalId(deps, object, field, value);
  if (matches.length === 0) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
  if (matches.length > 1) return multipleMatches(ctx, object, matches.map((r) => String(r.Id)));
  const id = String(matches[0]!.Id);
  if (call.method === 'DELETE') return deleteRecord(object, id, ctx, deps);
  return readRecord(object, id, call, ctx, deps);
}

/** The outcome of one upsert, shared with the collection upsert. */
export interface UpsertOutcome {
  id: string;
  created: boolean;
}

/** Upserts `input` keyed by `field` = `value`; throws a Salesforce error, or returns ids for 300. */
export function upsertOne(
  object: ObjectMeta,
  field: FieldMeta,
  value: string,
  input: Record<string, unknown>,
  options: { updateOnly: boolean; bodyMayHoldKey: boolean },
  ctx: CallContext,
  deps: RestDeps,
): UpsertOutcome | { multiple: string[] } {
  for (const key of Object.keys(input)) {
    if (key.toLowerCase() === 'id') throw sfError(400, 'INVALID_FIELD', 'The Id field should not be specified in the sobject data.', ['Id']);
    if (!options.bodyMayHoldKey && key.toLowerCase() === field.name.toLowerCase()) {
      throw sfError(400, 'INVALID_FIELD', `The external ID field ${field.name} should not be specified in the sobject data; its value is taken from the URL.`, [field.name]);
    }
  }
  const fields = Object.fromEntries(Object.entries(input).filter(([k]) => k.toLowerCase() !== field.name.toLowerCase()));
  return deps.store.transaction(ctx, () => {
    const matches = matchExternalId(deps, object, field, value);
    if (matches.length > 1) return { multiple: matches.map((r) => String(r.Id)) };
    if (matches.length === 1) {
      const id = String(matches[0]!.Id);
      deps.store.update(object, id, fields);
      return { id, created: false };
    }
    if (options.updateOnly || field.name === 'Id') throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    return { id: deps.store.create(object, { ...fields, [field.name]: value }), created: true };
  });
}

/**
 * `PATCH /sobjects/{Obj}/{ExtField}/{value}[?updateOnly=true]`. [U] choice: an update answers 200
 * with `{id, success, errors, created:false}` (the behaviour since API 46.0), a create 201.
 */
export function upsertByExternalId(object: ObjectMeta, fieldName: string, value: string, call: RestCall, ctx: CallContext, deps: RestDeps): RestResponse {
  const field = externalIdField(object, fieldName);
  const outcome = upsertOne(object, field, value, bodyObject(call.body), { updateOnly: call.query.updateOnly === 'true', bodyMayHoldKey: false }, ctx, deps);
  if ('multiple' in outcome) return multipleMatches(ctx, object, outcome.multiple);
  return {
    status: outcome.created ? 201 : 200,
    body: { id: outcome.id, success: true, errors: [], created: outcome.created },
    ...(outcome.created ? { headers: { Location: recordUrl(ctx, object, outcome.id) } } : {}),
  };
}
