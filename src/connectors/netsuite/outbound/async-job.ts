import type { Clock } from '../../../runtime/clock.js';
import { RetryableError, retryDispositionOf } from '../../../runtime/errors.js';
import type { NetSuiteClient } from '../client.js';
import { asyncJobSchema, asyncTaskSchema, collectionSchema } from '../schemas.js';

/** How long to wait between polls of an async job, and when to give up. */
export interface JobPolling {
  initialDelayMs: number;
  maxDelayMs: number;
  deadlineMs: number;
}

/** Default polling: 100 ms doubling to 5 s, give up after 10 min (the job keeps its idempotency key). */
export const DEFAULT_JOB_POLLING: JobPolling = { initialDelayMs: 100, maxDelayMs: 5_000, deadlineMs: 600_000 };

/** A finished job as the connector needs it. */
export interface FinishedJob {
  /** The job's absolute URL (a relative Location resolved, see resolveJobUrl). */
  url: string;
  id: string;
  taskCount: number | undefined;
  failedCount: number | undefined;
  progress: string | undefined;
}

/**
 * The absolute URL of an async job named by a 202's `Location`. NetSuite's documented example answers
 * a path relative to the host (`/services/rest/async/v1/job/123456`); an absolute URL is taken as it
 * is. A host-relative path replaces the REST root's whole path (`new URL(location, restRoot)`): it is
 * never joined onto `/services/rest` (that would ask for `/services/rest/services/rest/async/...`).
 * Vendor doc: NetSuite Help "Sending an Asynchronous Request".
 */
export function resolveJobUrl(client: Pick<NetSuiteClient, 'restRoot'>, location: string): string {
  return new URL(location, client.restRoot).href;
}

/**
 * Polls `GET /services/rest/async/v1/job/{id}` on the injected clock (exponential backoff) until
 * `completed`; transient poll failures are polled through; past the deadline -> RetryableError
 * (resubmitting with the same idempotency key finds the same job).
 * Vendor doc: NetSuite Help "Asynchronous Request Processing" > "Getting the Status of a Job".
 */
export async function awaitAsyncJob(client: NetSuiteClient, location: string, polling: JobPolling, clock: Clock = client.clock): Promise<FinishedJob> {
  const jobUrl = resolveJobUrl(client, location);
  const deadline = clock.now().getTime() + polling.deadlineMs;
  let delay = polling.initialDelayMs;
  for (;;) {
    try {
      const response = await client.send({ method: 'GET', path: jobUrl });
      const job = asyncJobSchema.parse(response.body);
      if (job.completed) return { url: jobUrl, id: job.id, taskCount: job.taskCount, failedCount: job.failedCount, progress: job.progress };
    } catch (error) {
      if (retryDispositionOf(error) === 'non_retryable') throw error;
    }
    if (clock.now().getTime() + delay > deadline) {
      throw new RetryableError(`${client.connection}: async job ${jobUrl} not finished after ${polling.deadlineMs} ms`, { connection: client.connection, kind: 'job_timeout' });
    }
    await clock.sleep(delay);
    delay = Math.min(delay * 2, polling.maxDelayMs);
  }
}

const taskListSchema = collectionSchema(asyncTaskSchema);

/** The job's task ids in task order (`GET .../job/{id}/task`, following paging); `location` as in awaitAsyncJob. */
export async function listJobTaskIds(client: NetSuiteClient, location: string): Promise<string[]> {
  const jobUrl = resolveJobUrl(client, location);
  const ids: string[] = [];
  for (let offset = 0; ; ) {
    const response = await client.send({ method: 'GET', path: `${jobUrl}/task`, query: offset > 0 ? { offset } : undefined });
    const page = taskListSchema.parse(response.body);
    ids.push(...page.items.map((task) => task.id));
    if (!page.hasMore || page.items.length === 0) break;
    offset += page.items.length;
  }
  return ids.sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
}
