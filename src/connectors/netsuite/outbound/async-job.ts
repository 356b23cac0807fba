import type { Clock } from '../../../runtime/clock.js';
import { RetryableError } from '../../../runtime/errors.js';
import type { NetSuiteClient } from '../client.js';
import { asyncJobSchema, asyncTaskSchema, collectionSchema } from '../schemas.js';

/** How long to wait between polls of an async job, and when to give up. */
export interface JobPolling {
  initialDelayMs: number;
  maxDelayMs: number;
  /** A caller held by `awaitAsyncJob` gives up after this long. */
  deadlineMs: number;
  /** A submitted job looked at by `timeBillResults` (no caller held) is given up this long after its submit. */
  overdueAfterMs: number;
}

/**
 * Default polling: 100 ms doubling to 5 s; a held caller gives up after 10 min, a checkpointed job after
 * 30 min (either way the job keeps its idempotency key: submitting again finds it).
 */
export const DEFAULT_JOB_POLLING: JobPolling = { initialDelayMs: 100, maxDelayMs: 5_000, deadlineMs: 600_000, overdueAfterMs: 30 * 60_000 };

/**
 * When to look at a job submitted at `submittedAt` next: about as long after now as the job has run
 * (so the looks double in spacing), within [initialDelayMs, maxDelayMs].
 */
export function nextJobPollAt(submittedAt: Date, now: Date, polling: Pick<JobPolling, 'initialDelayMs' | 'maxDelayMs'>): Date {
  const elapsed = Math.max(0, now.getTime() - submittedAt.getTime());
  return new Date(now.getTime() + Math.min(polling.maxDelayMs, Math.max(polling.initialDelayMs, elapsed)));
}

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
 * Looks at an async job ONCE: `GET /services/rest/async/v1/job/{id}`. Null while it runs. A failed look
 * throws with its meaning (nothing is retried here).
 * Vendor doc: NetSuite Help "Asynchronous Request Processing" > "Getting the Status of a Job".
 */
export async function pollAsyncJob(client: NetSuiteClient, location: string): Promise<FinishedJob | null> {
  const jobUrl = resolveJobUrl(client, location);
  const response = await client.send({ method: 'GET', path: jobUrl });
  const job = asyncJobSchema.parse(response.body);
  return job.completed ? { url: jobUrl, id: job.id, taskCount: job.taskCount, failedCount: job.failedCount, progress: job.progress } : null;
}

/**
 * Polls a job on the injected clock (exponential backoff) until `completed`, holding its caller. A
 * failed poll throws with its meaning (the caller's step retries; resubmitting with the same
 * idempotency key finds the same job); past the deadline -> RetryableError kind 'job_timeout'.
 */
export async function awaitAsyncJob(client: NetSuiteClient, location: string, polling: Pick<JobPolling, 'initialDelayMs' | 'maxDelayMs' | 'deadlineMs'>, clock: Clock = client.clock): Promise<FinishedJob> {
  const jobUrl = resolveJobUrl(client, location);
  const deadline = clock.now().getTime() + polling.deadlineMs;
  let delay = polling.initialDelayMs;
  for (;;) {
    const job = await pollAsyncJob(client, jobUrl);
    if (job) return job;
    if (clock.now().getTime() + delay > deadline) throw jobTimeout(client, jobUrl, polling.deadlineMs);
    await clock.sleep(delay);
    delay = Math.min(delay * 2, polling.maxDelayMs);
  }
}

/** A job not finished in time: retryable (the same idempotency key finds the job when submitted again). */
export function jobTimeout(client: Pick<NetSuiteClient, 'connection'>, jobUrl: string, afterMs: number): RetryableError {
  return new RetryableError(`${client.connection}: async job ${jobUrl} not finished after ${afterMs} ms`, { connection: client.connection, kind: 'job_timeout' });
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
