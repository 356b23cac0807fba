/** Routes a call below `/services/data/vXX.X/` to its handler (HTTP routes and composite share it). */
import { SalesforceApiError, sfError } from '../errors.js';
import { createMany, deleteMany, retrieveMany, updateMany, upsertMany } from './collections.js';
import { runComposite } from './composite.js';
import { describeGlobal, describeObject, limits, objectInfo } from './describe.js';
import { queryMore, runQuery } from './query.js';
import { byExternalId, createRecord, deleteRecord, objectFromUrl, readRecord, updateRecord, upsertByExternalId } from './sobjects.js';
import type { CallContext, RestCall, RestDeps, RestResponse } from './types.js';

const notFound = () => sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
const methodNotAllowed = (method: string) => sfError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed. Allowed are GET,PATCH,DELETE,HEAD`);

/** Handles `call`; Salesforce errors become their status and error array. */
export function handleRestCall(call: RestCall, ctx: CallContext, deps: RestDeps): RestResponse {
  try {
    return route(call, ctx, deps);
  } catch (error) {
    if (error instanceof SalesforceApiError) return { status: error.status, body: error.toBody() };
    throw error;
  }
}

function route(call: RestCall, ctx: CallContext, deps: RestDeps): RestResponse {
  const [root, a, b, c, ...rest] = call.segments;
  const m = call.method;
  if (rest.length > 0) throw notFound();
  switch (root) {
    case undefined:
      if (m !== 'GET') throw methodNotAllowed(m);
      return { status: 200, body: Object.fromEntries(['sobjects', 'query', 'queryAll', 'composite', 'limits'].map((r) => [r, `/services/data/v${ctx.version}/${r}`])) };
    case 'limits':
      if (a === undefined && m === 'GET') return limits(deps);
      throw notFound();
    case 'query':
    case 'queryAll':
      if (m !== 'GET') throw methodNotAllowed(m);
      if (a === undefined) return runQuery(call, ctx, deps, root === 'queryAll');
      if (b === undefined) return queryMore(a, call, ctx, deps);
      throw notFound();
    case 'composite':
      if (a === undefined && m === 'POST') return runComposite(call, ctx, deps, (sub, subCtx) => handleRestCall(sub, subCtx, deps));
      if (a === 'sobjects') {
        if (b === undefined) {
          if (m === 'POST') return createMany(call, ctx, deps);
          if (m === 'PATCH') return updateMany(call, ctx, deps);
          if (m === 'DELETE') return deleteMany(call, ctx, deps);
          throw methodNotAllowed(m);
        }
        if (c === undefined && (m === 'GET' || m === 'POST')) return retrieveMany(b, call, ctx, deps);
        if (c !== undefined && m === 'PATCH') return upsertMany(b, c, call, ctx, deps);
      }
      throw notFound();
    case 'sobjects': {
      if (a === undefined) return describeGlobal(ctx, deps);
      const object = objectFromUrl(a, deps);
      if (b === undefined) {
        if (m === 'GET') return objectInfo(object, ctx);
        if (m === 'POST') return createRecord(object, call, ctx, deps);
        throw methodNotAllowed(m);
      }
      if (b === 'describe' && c === undefined && m === 'GET') return describeObject(object, ctx);
      if (c === undefined) {
        if (m === 'GET') return readRecord(object, b, call, ctx, deps);
        if (m === 'PATCH') return updateRecord(object, b, call, ctx, deps);
        if (m === 'DELETE') return deleteRecord(object, b, ctx, deps);
        throw methodNotAllowed(m);
      }
      if (m === 'GET' || m === 'DELETE') return byExternalId(object, b, c, call, ctx, deps);
      if (m === 'PATCH') return upsertByExternalId(object, b, c, call, ctx, deps);
      throw methodNotAllowed(m);
    }
    default:
      throw notFound();
  }
}
