import type { FastifyInstance } from 'fastify';
import { NetSuiteError } from '../errors.js';
import { collectionPage, readPaging } from '../query/collection-page.js';
import { runSuiteQl } from '../query/suiteql-run.js';
import type { NetSuiteContext } from './netsuite-context.js';
import { baseUrlOf, mediaTypes, preferences } from './request-helpers.js';

/** SuiteQL returns at most 100,000 rows per query. */
const MAX_ROWS = 100_000;

/**
 * `POST /services/rest/query/v1/suiteql?limit=&offset=` with `Prefer: transient` and `{ "q": "SELECT ..." }`.
 * Vendor doc: NetSuite Help "Executing SuiteQL Queries Through REST Web Services".
 */
export function registerSuiteQlRoute(app: FastifyInstance, context: NetSuiteContext): void {
  app.post('/query/v1/suiteql', async (request, reply) => {
    if (!preferences(request).has('transient')) {
      throw new NetSuiteError('INVALID_PARAMETER', 'SuiteQL requests require the header Prefer: transient.', { path: 'Prefer' });
    }
    const q = (request.body as { q?: unknown } | undefined)?.q;
    if (typeof q !== 'string' || q.trim() === '') {
      throw new NetSuiteError('INVALID_CONTENT', 'The request body must be { "q": "<SuiteQL query>" }.', { path: 'q' });
    }
    const paging = readPaging(request.query as Record<string, unknown>);
    const rows = runSuiteQl(context.store, q).slice(0, MAX_ROWS);
    const root = `${baseUrlOf(request)}/services/rest/query/v1/suiteql`;
    const page = collectionPage(rows, paging, (limit, offset) => `${root}?limit=${limit}&offset=${offset}`);
    return reply.header('content-type', mediaTypes.collection).send(page);
  });
}
