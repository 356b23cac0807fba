import { sameDecimal } from '../../../canonical/money/index.js';
import { RetryableError, retryDispositionOf } from '../../../runtime/errors.js';
import type { WriteFailure, WriteOutcome } from '../../ports/write-outcome.js';
import type { NetSuiteClient } from '../client.js';
import { idFromLocation } from '../client.js';
import { durationToHours } from '../mappers/hours.js';
import { jobTimeout, listJobTaskIds, pollAsyncJob, resolveJobUrl, type FinishedJob, type JobPolling } from './async-job.js';
import { idsByExternalId } from './find-by-external-id.js';
import { deterministicUuid } from './idempotency-key.js';
import { upsertByExternalId } from './upsert-by-external-id.js';

/** One mapped timeBill body and its external id. */
export interface TimeBillWrite {
  externalId: string;
  body: Record<string, unknown>;
}

/** How the batch path behaves; `asyncSupported` is shared and flips to false when the account lacks the endpoint. */
export interface TimeBillUpsertOptions {
  asyncSupported: { value: boolean };
  batchSize: number;
  singleConcurrency: number;
  polling: JobPolling;
}

/** One accepted async job of time bills: plain JSON, checkpointed between submit and results. */
export interface SubmittedTimeBillJob {
  /** The job's absolute URL (NetSuite's Location, resolved). */
  location: string;
  /** The job's bills' external ids, in task order. */
  externalIds: string[];
  /** Those of them that existed before the submit (outcome `created: false`). */
  existedBefore: string[];
}

/** What a submit left: outcomes known at once (by write index; null = in a job), and the accepted jobs. */
export interface SubmittedTimeBillWrites {
  outcomes: Array<WriteOutcome | null>;
  jobs: Array<SubmittedTimeBillJob & { positions: number[] }>;
}

/**
 * Phase 1: submits the writes and returns at once. Batch path: `PUT /timeBill` `{ items }` with
 * `Prefer: respond-async` and a deterministic `X-NetSuite-Idempotency-Key` — ONE request per batch,
 * nothing retried here (the step's policy retries; the same key lands on the same job, NetSuite
 * answering 400 IDEMPOTENCY_ERROR with the earlier job's Location, which is taken as accepted).
 * A batch NetSuite refuses (non-retryable) is a failed outcome of each of its bills. A transient
 * failure (5xx, network, a WaitError past the governor's throttle budget) stops the submit: thrown
 * when no job was accepted yet, else the failed outcome of every bill not submitted (the accepted
 * jobs are kept). Fallback (endpoint unavailable or disabled): bounded-concurrency single upserts.
 * Vendor doc: NetSuite 2026.1 REST API Browser, "timeBill" collection (PUT upsert, async only);
 * NetSuite Help "Asynchronous Request Processing".
 */
export async function submitTimeBillWrites(client: NetSuiteClient, writes: readonly TimeBillWrite[], options: TimeBillUpsertOptions): Promise<SubmittedTimeBillWrites> {
  const outcomes: Array<WriteOutcome | null> = writes.map(() => null);
  const jobs: SubmittedTimeBillWrites['jobs'] = [];
  if (writes.length === 0) return { outcomes, jobs };
  // Which bills exist already: `created` in the outcomes, and which results must be read after a job.
  const existedBefore = await idsByExternalId(client, 'timebill', writes.map((w) => w.externalId));
  let index = 0;
  while (index < writes.length && options.asyncSupported.value) {
    const chunk = writes.slice(index, index + options.batchSize);
    const positions = chunk.map((_, k) => index + k);
    const key = deterministicUuid(['timeBill', ...chunk.flatMap((w) => [w.externalId, JSON.stringify(w.body)])]);
    try {
      const location = await submitBatch(client, chunk, key);
      jobs.push({
        location: resolveJobUrl(client, location),
        externalIds: chunk.map((w) => w.externalId),
        existedBefore: chunk.filter((w) => existedBefore.has(w.externalId)).map((w) => w.externalId),
        positions,
      });
    } catch (error) {
      if (isAsyncUnsupported(error)) {
        options.asyncSupported.value = false;
        break;
      }
      if (retryDispositionOf(error) !== 'non_retryable') {
        if (jobs.length === 0) throw error;
        for (let k = index; k < writes.length; k++) outcomes[k] = failed(writes[k]!.externalId, error);
        return { outcomes, jobs };
      }
      positions.forEach((position) => (outcomes[position] = failed(writes[position]!.externalId, error)));
    }
    index += chunk.length;
  }
  if (index < writes.length) {
    const single = await upsertSingles(client, writes.slice(index), existedBefore, options.singleConcurrency);
    single.forEach((outcome, k) => (outcomes[index + k] = outcome));
  }
  return { outcomes, jobs };
}

/**
 * Phase 2 for one job: looks at it ONCE (never sleeps); null while it runs, else one outcome per bill in
 * `job.externalIds` order. A bill that did not exist before and exists now was created by this job; the
 * others' task results are read (NetSuite's words for a refused bill). A failed look throws with its
 * meaning; a task result that cannot be read is that bill's failed outcome. `alreadyPolled`: the job
 * as a look just found it finished (no second look).
 */
export async function timeBillJobOutcomes(client: NetSuiteClient, job: SubmittedTimeBillJob, alreadyPolled?: FinishedJob): Promise<WriteOutcome[] | null> {
  const finished = alreadyPolled ?? (await pollAsyncJob(client, job.location));
  if (!finished) return null;
  const existed = new Set(job.existedBefore);
  // A task whose bill the caller does not ask about ('' : a flow re-assembling a job from some of its items) is neither read nor answered.
  const asked = job.externalIds.filter((externalId) => externalId !== '');
  const after = await idsByExternalId(client, 'timebill', asked);
  const outcomes: Array<WriteOutcome | undefined> = job.externalIds.map((externalId) => {
    if (externalId === '') return undefined;
    const id = after.get(externalId);
    if (id !== undefined && (finished.failedCount === 0 || !existed.has(externalId))) return succeeded(client, externalId, id, !existed.has(externalId));
    return undefined;
  });
  const unknown = outcomes.flatMap((outcome, k) => (outcome === undefined && job.externalIds[k] !== '' ? [k] : []));
  if (unknown.length > 0) {
    const taskIds = await listJobTaskIds(client, finished.url);
    if (taskIds.length !== job.externalIds.length) {
      throw new RetryableError(`${client.connection}: job ${finished.id} has ${taskIds.length} tasks for ${job.externalIds.length} time bills`, { connection: client.connection });
    }
    await forEachBounded(unknown, 4, async (k) => {
      outcomes[k] = await readTaskResult(client, `${finished.url}/task/${taskIds[k]}/result`, job.externalIds[k]!, existed, after);
    });
  }
  return outcomes.map((outcome, k) => outcome ?? failed(job.externalIds[k]!, new RetryableError('no task result')));
}

/**
 * Upserts time bills by external id, holding the caller until the jobs finish; one outcome per write,
 * in order. Built from the two phases: submit, then each job polled on the injected clock. A failure
 * (of the submit, or of one job's polling past `polling.deadlineMs`) is the failed outcome of the bills
 * it concerns; nothing is retried here (the flow retries the failed bills).
 */
export async function upsertTimeBills(client: NetSuiteClient, writes: readonly TimeBillWrite[], options: TimeBillUpsertOptions): Promise<WriteOutcome[]> {
  if (writes.length === 0) return [];
  let submitted: SubmittedTimeBillWrites;
  try {
    submitted = await submitTimeBillWrites(client, writes, options);
  } catch (error) {
    return writes.map((w) => failed(w.externalId, error));
  }
  const outcomes = submitted.outcomes;
  await Promise.all(
    submitted.jobs.map(async (job) => {
      let jobOutcomes: WriteOutcome[];
      try {
        jobOutcomes = await awaitJobOutcomes(client, job, options.polling);
      } catch (error) {
        jobOutcomes = job.externalIds.map((externalId) => failed(externalId, error));
      }
      job.positions.forEach((position, k) => (outcomes[position] = jobOutcomes[k]!));
    }),
  );
  return outcomes.map((outcome, k) => outcome ?? failed(writes[k]!.externalId, new RetryableError('no outcome')));
}

async function awaitJobOutcomes(client: NetSuiteClient, job: SubmittedTimeBillJob, polling: JobPolling): Promise<WriteOutcome[]> {
  const deadline = client.clock.now().getTime() + polling.deadlineMs;
  let delay = polling.initialDelayMs;
  for (;;) {
    const outcomes = await timeBillJobOutcomes(client, job);
    if (outcomes) return outcomes;
    if (client.clock.now().getTime() + delay > deadline) throw jobTimeout(client, job.location, polling.deadlineMs);
    await client.clock.sleep(delay);
    delay = Math.min(delay * 2, polling.maxDelayMs);
  }
}

/** Submits the collection upsert once; returns the job Location (or the earlier job's, on IDEMPOTENCY_ERROR). */
async function submitBatch(client: NetSuiteClient, chunk: readonly TimeBillWrite[], key: string): Promise<string> {
  try {
    const response = await client.send({
      method: 'PUT',
      path: '/record/v1/timeBill',
      headers: { prefer: 'respond-async', 'x-netsuite-idempotency-key': key },
      json: { items: chunk.map((w) => w.body) },
    });
    const location = response.headers.location;
    if (!location) throw new RetryableError(`${client.connection}: async upsert answered ${response.status} without a job Location`, { connection: client.connection });
    return location;
  } catch (error) {
    // A resubmit after a lost answer: NetSuite accepted the first submission and names its job
    // (documented 400 IDEMPOTENCY_ERROR + Location). Await that job; never fail the committed batch.
    const accepted = acceptedJobOf(error);
    if (accepted !== undefined) return accepted;
    throw error;
  }
}

/** One task's result: 204 + Location, or NetSuite's error body for that record (one request, no retry). */
async function readTaskResult(
  client: NetSuiteClient,
  url: string,
  externalId: string,
  existedBefore: ReadonlySet<string>,
  after: ReadonlyMap<string, string>,
): Promise<WriteOutcome> {
  try {
    const response = await client.send({ method: 'GET', path: url });
    const id = idFromLocation(response) ?? after.get(externalId);
    if (id === undefined) return failed(externalId, new RetryableError(`${client.connection}: task result without a record`));
    return succeeded(client, externalId, id, !existedBefore.has(externalId));
  } catch (error) {
    return failed(externalId, error);
  }
}

async function upsertSingles(
  client: NetSuiteClient,
  writes: readonly TimeBillWrite[],
  existedBefore: ReadonlyMap<string, string>,
  concurrency: number,
): Promise<WriteOutcome[]> {
  const outcomes: WriteOutcome[] = new Array(writes.length);
  await forEachBounded(writes.map((_, k) => k), concurrency, async (k) => {
    const write = writes[k]!;
    try {
      const { id } = await upsertByExternalId(client, 'timeBill', write.externalId, write.body, { matches: (stored) => sameTimeBill(stored, write.body) });
      outcomes[k] = succeeded(client, write.externalId, id, !existedBefore.has(write.externalId));
    } catch (error) {
      outcomes[k] = failed(write.externalId, error);
    }
  });
  return outcomes;
}

/** After an unknown outcome: is the stored bill already what we sent (hours, status, rate, billable)? */
export function sameTimeBill(stored: Record<string, unknown>, body: Record<string, unknown>): boolean {
  const refId = (value: unknown) => (typeof value === 'object' && value !== null ? String((value as { id?: unknown }).id) : undefined);
  try {
    return durationToHours(stored.hours) === durationToHours(body.hours)
      && refId(stored.approvalStatus) === refId(body.approvalStatus)
      && (body.rate === undefined || (stored.rate !== undefined && stored.rate !== null && sameDecimal(String(stored.rate), String(body.rate))))
      && (body.isBillable === undefined || stored.isBillable === body.isBillable);
  } catch {
    return false;
  }
}

/** The job Location of NetSuite's IDEMPOTENCY_ERROR (the same key was submitted before), if that is the error. */
function acceptedJobOf(error: unknown): string | undefined {
  const details = (error as { details?: { vendorCode?: string; location?: string } }).details;
  return details?.vendorCode === 'IDEMPOTENCY_ERROR' && details.location ? details.location : undefined;
}

/** 404/405/501, or 400 INVALID_PARAMETER about the request itself: this account has no async collection upsert. */
function isAsyncUnsupported(error: unknown): boolean {
  const details = (error as { details?: { status?: number; vendorCode?: string } }).details;
  if (retryDispositionOf(error) !== 'non_retryable' || !details) return false;
  return details.status === 404 || details.status === 405 || details.status === 501 || (details.status === 400 && details.vendorCode === 'INVALID_PARAMETER');
}

function succeeded(client: NetSuiteClient, externalId: string, id: string, created: boolean): WriteOutcome {
  return { ok: true, externalId, created, record: { system: 'netsuite', connection: client.connection, objectType: 'timeBill', id, externalId } };
}

/** The outcome of a record that failed, in NetSuite's words, with its retry meaning by name. */
export function failed(externalId: string, error: unknown): WriteOutcome {
  return { ok: false, externalId, failure: writeFailureOf(error) };
}

/** A thrown error as a per-record failure. */
export function writeFailureOf(error: unknown): WriteFailure {
  const err = error as { name?: string; message?: string; details?: { vendorCode?: string; kind?: string }; retryAt?: Date };
  const name = err?.name === 'NonRetryableError' || err?.name === 'RetryAfterError' || err?.name === 'WaitError' ? err.name : 'RetryableError';
  return {
    name,
    message: err?.message ?? String(error),
    ...(err?.details?.vendorCode ? { vendorCode: err.details.vendorCode } : {}),
    ...(err?.details?.kind ? { kind: err.details.kind } : {}),
    ...(err?.retryAt instanceof Date ? { retryAt: err.retryAt.toISOString() } : {}),
  };
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function forEachBounded<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(workers);
}
