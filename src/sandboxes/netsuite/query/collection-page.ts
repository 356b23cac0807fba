import { NetSuiteError } from '../errors.js';

/**
 * NetSuite's collection envelope for record lists and SuiteQL:
 * `{ links: [self, first, prev?, next?, last], count, hasMore, items, offset, totalResults }`.
 */

/** Paging parameters of a collection request. */
export interface PageRequest {
  limit: number;
  offset: number;
}

/** Reads `limit` (1..maxLimit, default maxLimit) and `offset` (>= 0, default 0) from a query string. */
export function readPaging(query: Record<string, unknown>, maxLimit = 1000): PageRequest {
  const number = (name: string, fallback: number, min: number, max: number) => {
    const raw = query[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new NetSuiteError('INVALID_PARAMETER', `Invalid value for the '${name}' query parameter: ${String(raw)}. It must be an integer from ${min} to ${max}.`, { path: name });
    }
    return value;
  };
  return { limit: number('limit', maxLimit, 1, maxLimit), offset: number('offset', 0, 0, Number.MAX_SAFE_INTEGER) };
}

/** One page of `all` with the envelope; `href(limit, offset)` builds the page links. */
export function collectionPage<T>(all: T[], paging: PageRequest, href: (limit: number, offset: number) => string): Record<string, unknown> {
  const items = all.slice(paging.offset, paging.offset + paging.limit);
  const hasMore = paging.offset + items.length < all.length;
  const lastOffset = all.length === 0 ? 0 : Math.floor((all.length - 1) / paging.limit) * paging.limit;
  const links = [
    { rel: 'self', href: href(paging.limit, paging.offset) },
    { rel: 'first', href: href(paging.limit, 0) },
  ];
  if (paging.offset > 0) links.push({ rel: 'prev', href: href(paging.limit, Math.max(0, paging.offset - paging.limit)) });
  if (hasMore) links.push({ rel: 'next', href: href(paging.limit, paging.offset + paging.limit) });
  links.push({ rel: 'last', href: href(paging.limit, lastOffset) });
  return { links, count: items.length, hasMore, items, offset: paging.offset, totalResults: all.length };
}
