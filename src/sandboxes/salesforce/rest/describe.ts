/**
 * Describe resources: `GET /sobjects`, `GET /sobjects/{Obj}`, `GET /sobjects/{Obj}/describe`, and `GET /limits`.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
 */
import { allObjects } from '../metadata/catalog.js';
import type { ObjectMeta } from '../metadata/types.js';
import type { CallContext, RestDeps, RestResponse } from './types.js';

const urls = (ctx: CallContext, o: ObjectMeta) => ({
  sobject: `/services/data/v${ctx.version}/sobjects/${o.name}`,
  describe: `/services/data/v${ctx.version}/sobjects/${o.name}/describe`,
  rowTemplate: `/services/data/v${ctx.version}/sobjects/${o.name}/{ID}`,
});

// User rows come with the OAuth clients; history rows are written by the org itself.
const writable = (o: ObjectMeta) => o.name !== 'User' && o.historyOf === undefined;
const summary = (ctx: CallContext, o: ObjectMeta) => ({
  name: o.name, label: o.label, keyPrefix: o.keyPrefix, custom: o.custom,
  createable: writable(o), updateable: writable(o), deletable: writable(o), queryable: true, urls: urls(ctx, o),
});

/** `GET /sobjects` (history objects only where field history tracking is on). */
export function describeGlobal(ctx: CallContext, deps: Pick<RestDeps, 'store'>): RestResponse {
  return { status: 200, body: { encoding: 'UTF-8', maxBatchSize: 200, sobjects: allObjects.filter((o) => deps.store.hasObject(o)).map((o) => summary(ctx, o)) } };
}

/** `GET /sobjects/{Obj}`. */
export function objectInfo(object: ObjectMeta, ctx: CallContext): RestResponse {
  return { status: 200, body: { objectDescribe: summary(ctx, object), recentItems: [] } };
}

/** `GET /sobjects/{Obj}/describe`. */
export function describeObject(object: ObjectMeta, ctx: CallContext): RestResponse {
  return {
    status: 200,
    body: {
      ...summary(ctx, object),
      fields: object.fields.map((f) => ({
        name: f.name,
        label: f.label ?? f.name,
        type: f.type,
        length: f.length ?? 0,
        nillable: !f.required && f.type !== 'boolean' && f.name !== 'Id',
        createable: !f.readOnly && !f.autoNumber,
        updateable: !f.readOnly && !f.autoNumber,
        externalId: f.externalId ?? false,
        unique: f.unique ?? false,
        caseSensitive: f.caseSensitive ?? false,
        autoNumber: Boolean(f.autoNumber),
        calculated: Boolean(f.readOnly && object.historyOf === undefined && !['Id', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp', 'IsDeleted'].includes(f.name)),
        defaultValue: f.defaultValue ?? null,
        referenceTo: f.referenceTo ?? [],
        filterable: f.filterable !== false,
        sortable: f.sortable !== false,
        restrictedPicklist: f.picklist?.restricted ?? false,
        picklistValues: (f.picklist?.values ?? []).map((value) => ({ value, label: value, active: true, defaultValue: value === f.defaultValue })),
      })),
    },
  };
}

/** `GET /limits`: the daily allowance as Salesforce reports it. */
export function limits(deps: RestDeps): RestResponse {
  const { max, remaining } = deps.limits();
  return { status: 200, body: { DailyApiRequests: { Max: max, Remaining: remaining } } };
}
