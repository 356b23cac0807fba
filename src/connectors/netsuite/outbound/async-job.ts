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
  url: string;
  id: string;
  taskCount: number | undefined;
  failedCount: number | undefined;
  progress: string | undefined;
}

/**
 * Polls `GET /services/rest/async/v1/job/{id}` on the injected clock (exponential backoff) until
 * `completed`; transient poll failures are polled through; past the deadline -> RetryableError
 * (resubmitting with the same idempotency key finds the same job).
 * Vendor doc: NetSuite Help "Asynchronous Request Processing" > "Getting the Status of a Job".
 */
export async function awaitAsyncJob(client: NetSuiteClient, jobUrl: string, polling: JobPolling, clock: Clock = client.clock): Promise<FinishedJob> {
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

/** The job's task ids in task order (`GET .../job/{id}/task`, following paging). */
export async function listJobTaskIds(client: NetSuiteClient, jobUrl: string): Promise<string[]> {
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
