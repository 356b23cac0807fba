import { NonRetryableError } from '../../../runtime/errors.js';
import type { WorkdayClient } from '../client.js';
import { restWorkerSummarySchema, restWorkersPageSchema, type RestWorkerSummary } from '../schemas.js';

/** Options of {@link listWorkers}. */
export interface ListWorkersOptions {
  search?: string | undefined;
  includeTerminatedWorkers?: boolean | undefined;
  /** Page size, 1..100 (default 100). */
  limit?: number | undefined;
}

/** Every worker summary the REST resource lists, and the ones that failed validation. */
export interface ListedWorkers {
  total: number;
  workers: RestWorkerSummary[];
  rejected: { offset: number; reason: string }[];
}

/**
 * Lists worker summaries over REST (the second read path, e.g. to check a worker exists), following
 * limit/offset pages until `total` is reached.
 * Vendor doc: https://community.workday.com/sites/default/files/file-hosting/restapi/index.html (Staffing v6, GET /workers)
 */
export async function listWorkers(client: WorkdayClient, options: ListWorkersOptions = {}): Promise<ListedWorkers> {
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 100);
  const result: ListedWorkers = { total: 0, workers: [], rejected: [] };
  for (let offset = 0; ; offset += limit) {
    const response = await client.sendRest({
      method: 'GET',
      path: '/workers',
      query: { limit, offset, search: options.search, includeTerminatedWorkers: options.includeTerminatedWorkers },
    });
    const page = restWorkersPageSchema.safeParse(response.body);
    if (!page.success) {
      throw new NonRetryableError(`${client.connection}: GET /workers: unexpected response: ${page.error.message}`, { kind: 'validation', connection: client.connection });
    }
    result.total = page.data.total;
    page.data.data.forEach((raw, i) => {
      const worker = restWorkerSummarySchema.safeParse(raw);
      if (worker.success) result.workers.push(worker.data);
      else result.rejected.push({ offset: offset + i, reason: worker.error.message });
    });
    if (page.data.data.length < limit || offset + limit >= page.data.total) return result;
  }
}
