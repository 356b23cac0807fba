/**
 * `POST /composite`: up to 25 subrequests in one call, later ones referring to earlier results with
 * `@{referenceId.path}`; `allOrNone` rolls everything back when one fails. The top-level status is 200.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite.htm
 */
import { sfError } from '../errors.js';
import type { CallContext, RestCall, RestDeps, RestResponse } from './types.js';

interface SubRequest {
  method: string;
  url: string;
  referenceId: string;
  body?: unknown;
  httpHeaders?: Record<string, string>;
}

interface SubResponse {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string;
}

class RollbackAll extends Error {}

const halted = (message: string) => [{ errorCode: 'PROCESSING_HALTED', message }];
const ROLLED_BACK = 'The transaction was rolled back since another operation in the same transaction failed.';

function lookupPath(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Replaces `@{ref.path}` in strings (deeply) with earlier results; throws on an unknown reference. */
function resolveReferences(value: unknown, results: Map<string, SubResponse>): unknown {
  if (typeof value === 'string') {
    return value.replace(/@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])*)\}/g, (_m, ref: string, path: string) => {
      const prior = results.get(ref);
      const found = prior && prior.httpStatusCode < 400 ? lookupPath(prior.body, path.replace(/^\./, '')) : undefined;
      if (found === undefined || found === null) {
        throw sfError(400, 'PROCESSING_HALTED', `Invalid reference specified. No value for ${ref}${path} found in ${ref}. Provided referenceId ('${ref}') must be one of the prior subrequests that succeeded.`);
      }
      return String(found);
    });
  }
  if (Array.isArray(value)) return value.map((v) => resolveReferences(v, results));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveReferences(v, results)]));
  return value;
}

/** Runs a composite request through `route` (the same handlers the HTTP routes use). */
export function runComposite(
  call: RestCall,
  ctx: CallContext,
  deps: RestDeps,
  route: (sub: RestCall, ctx: CallContext) => RestResponse,
): RestResponse {
  const body = (call.body ?? {}) as { allOrNone?: boolean; compositeRequest?: SubRequest[] };
  const subs = body.compositeRequest;
  if (!Array.isArray(subs) || subs.length === 0) throw sfError(400, 'JSON_PARSER_ERROR', 'compositeRequest must be a non-empty array');
  if (subs.length > 25) throw sfError(400, 'LIMIT_EXCEEDED', 'Limit Exceeded: A maximum of 25 subrequests is allowed in a composite request.');
  const refs = new Set<string>();
  for (const sub of subs) {
    if (!sub.referenceId || refs.has(sub.referenceId)) throw sfError(400, 'INVALID_INPUT', `Duplicate or missing referenceId: ${sub.referenceId}`);
    refs.add(sub.referenceId);
  }
  const results = new Map<string, SubResponse>();
  const ordered: SubResponse[] = [];

  const runOne = (sub: SubRequest): SubResponse => {
    let response: RestResponse;
    try {
      const url = String(resolveReferences(sub.url, results));
      const match = /^\/services\/data\/v(\d+\.\d)\/([^?]*)(\?.*)?$/.exec(url);
      if (!match) throw sfError(400, 'INVALID_INPUT', `The URL must begin with /services/data/vXX.X/: ${url}`);
      const query = Object.fromEntries(new URLSearchParams(match[3] ?? ''));
      response = route(
        {
          method: sub.method.toUpperCase(),
          segments: match[2]!.split('/').filter(Boolean).map(decodeURIComponent),
          query,
          body: resolveReferences(sub.body, results),
          headers: Object.fromEntries(Object.entries(sub.httpHeaders ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
        },
        { ...ctx, version: match[1]! },
      );
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'SalesforceApiError') throw error;
      const e = error as ReturnType<typeof sfError>;
      response = { status: e.status, body: e.toBody() };
    }
    const out: SubResponse = { body: response.body ?? null, httpHeaders: response.headers ?? {}, httpStatusCode: response.status, referenceId: sub.referenceId };
    results.set(sub.referenceId, out);
    return out;
  };

  if (!body.allOrNone) {
    for (const sub of subs) ordered.push(runOne(sub));
    return { status: 200, body: { compositeResponse: ordered } };
  }
  try {
    deps.store.transaction(ctx, () => {
      for (const sub of subs) {
        const out = runOne(sub);
        ordered.push(out);
        if (out.httpStatusCode >= 400) throw new RollbackAll();
      }
    });
  } catch (error) {
    if (!(error instanceof RollbackAll)) throw error;
    const failed = ordered[ordered.length - 1]!;
    const compositeResponse = subs.map((sub): SubResponse =>
      sub.referenceId === failed.referenceId ? failed : { body: halted(ROLLED_BACK), httpHeaders: {}, httpStatusCode: 400, referenceId: sub.referenceId },
    );
    return { status: 200, body: { compositeResponse } };
  }
  return { status: 200, body: { compositeResponse: ordered } };
}
