/**
 * Anaplan Integration API v2 response envelopes: every JSON answer carries `meta` (schema, paging)
 * and `status { code, message }`; errors use the same `status` object.
 * Ref: Anaplan Integration API v2 guide, "Response format" and "Paging".
 */
import type { FastifyReply } from 'fastify';
import type { FaultErrorKind } from '../kit/faults.js';
import type { FormattedError } from '../kit/server.js';

const SCHEMA_BASE = 'https://api.anaplan.com/2/0/objects';

/** A successful body with `meta.schema` and `status`. */
export function anaplanOk(schema: string, body: Record<string, unknown>, paging?: AnaplanPaging): Record<string, unknown> {
  return {
    meta: { ...(paging ? { paging } : {}), schema: `${SCHEMA_BASE}/${schema}` },
    status: { code: 200, message: 'Success' },
    ...body,
  };
}

/** Sends an Anaplan-shaped error. */
export function sendAnaplanError(reply: FastifyReply, code: number, message: string): FastifyReply {
  return reply.code(code).send({ status: { code, message } });
}

/** `meta.paging` of a list. */
export interface AnaplanPaging {
  currentPageSize: number;
  offset: number;
  totalSize: number;
  next?: string;
  previous?: string;
}

/** Applies `limit`/`offset` query parameters; without a limit the whole list is one page. */
export function pageOf<T>(items: T[], query: { limit?: string; offset?: string }, url: string): { items: T[]; paging: AnaplanPaging } | { error: string } {
  const offset = query.offset === undefined ? 0 : Number(query.offset);
  const limit = query.limit === undefined ? items.length : Number(query.limit);
  if (!Number.isInteger(offset) || offset < 0) return { error: 'offset must be a non-negative integer' };
  if (!Number.isInteger(limit) || limit < 0) return { error: 'limit must be a non-negative integer' };
  const page = items.slice(offset, offset + limit);
  const base = url.split('?')[0];
  const link = (o: number) => `${base}?limit=${limit}&offset=${o}`;
  return {
    items: page,
    paging: {
      currentPageSize: page.length,
      offset,
      totalSize: items.length,
      ...(limit > 0 && offset + limit < items.length ? { next: link(offset + limit) } : {}),
      ...(offset > 0 && limit > 0 ? { previous: link(Math.max(0, offset - limit)) } : {}),
    },
  };
}

/** Injected faults in Anaplan's shape (429 carries no Retry-After, like the documented limit). */
export function formatAnaplanError(kind: FaultErrorKind, status: number): FormattedError {
  const message = kind === 'throttled' ? 'Too Many Requests' : kind === 'unavailable' ? 'Service Unavailable' : 'Internal Server Error';
  return { status, headers: { 'content-type': 'application/json' }, body: { status: { code: status, message } } };
}
