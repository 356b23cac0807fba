import { sameDecimal } from '../../../canonical/money/index.js';
import { RetryableError, RetryAfterError, retryDispositionOf } from '../../../runtime/errors.js';
import type { WriteFailure, WriteOutcome } from '../../ports/write-outcome.js';
import type { NetSuiteClient } from '../client.js';
import { idFromLocation } from '../client.js';
import { durationToHours } from '../mappers/hours.js';
import { awaitAsyncJob, listJobTaskIds, type JobPolling } from './async-job.js';
import { idsByExternalId } from './find-by-external-id.js';
import { deterministicUuid } from './idempotency-key.js';
import { isUnknownOutcome, upsertByExternalId } from './upsert-by-external-id.js';

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

/** Submit attempts of one batch (network failures, 5xx, throttles); the idempotency key makes them one job. */
const SUBMIT_ATTEMPTS = 4;

/**
 * Upserts time bills by external id; one outcome per write, in order.
 * Batch path: `PUT /timeBill` `{ items }` with `Prefer: respond-async` and a deterministic
 * `X-NetSuite-Idempotency-Key`, the job polled to completion, per-item results read where needed.
 * Fallback (endpoint unavailable or disabled): bounded-concurrency `PUT /timeBill/eid:{id}`.
 * Vendor doc: NetSuite 2026.1 REST API Browser, "timeBill" collection (PUT upsert, async only);
 * NetSuite Help "Asynchronous Request Processing".
 */
export async function upsertTimeBills(client: NetSuiteClient, writes: readonly TimeBillWrite[], options: TimeBillUpsertOptions): Promise<WriteOutcome[]> {
  if (writes.length === 0) return [];
  const outcomes: Array<WriteOutcome | undefined> = writes.map(() => undefined);
  // Which bills exist already: `created` in the outcomes, and which results must be read after a job.
  const existedBefore = await idsByExternalId(client, 'timebill', writes.map((w) => w.externalId));
  let index = 0;
  while (index < writes.length && options.asyncSupported.value) {
    const chunk = writes.slice(index, index + options.batchSize);
    const done = await upsertBatchAsync(client, chunk, existedBefore, options);
    if (done === 'unsupported') {
      options.asyncSupported.value = false;
      break;
    }
    done.forEach((outcome, k) => (outcomes[index + k] = outcome));
    index += chunk.length;
  }
  if (index < writes.length) {
    const rest = writes.slice(index);
    const single = await upsertSingles(client, rest, existedBefore, options.singleConcurrency);
    single.forEach((outcome, k) => (outcomes[index + k] = outcome));
  }
  return outcomes.map((outcome, k) => outcome ?? failed(writes[k]!.externalId, new RetryableError('no outcome')));
}

async function upsertBatchAsync(
  client: NetSuiteClient,
  chunk: readonly TimeBillWrite[],
  existedBefore: ReadonlyMap<string, string>,
  options: TimeBillUpsertOptions,
): Promise<WriteOutcome[] | 'unsupported'> {
  const key = deterministicUuid(['timeBill', ...chunk.flatMap((w) => [w.externalId, JSON.stringify(w.body)])]);
  let jobUrl: string;
  try {
    jobUrl = await submitBatch(client, chunk, key);
  } catch (error) {
    if (isAsyncUnsupported(error)) return 'unsupported';
    return chunk.map((w) => failed(w.externalId, error));
  }
  try {
    const job = await awaitAsyncJob(client, jobUrl, options.polling);
    const after = await idsByExternalId(client, 'timebill', chunk.map((w) => w.externalId));
    const outcomes: Array<WriteOutcome | undefined> = chunk.map((w) => {
      const id = after.get(w.externalId);
      // A bill that did not exist before and exists now was created by this job: no need to read its result.
      if (id !== undefined && (job.failedCount === 0 || !existedBefore.has(w.externalId))) return succeeded(client, w.externalId, id, !existedBefore.has(w.externalId));
      return undefined;
    });
    const unknown = outcomes.flatMap((outcome, k) => (outcome === undefined ? [k] : []));
    if (unknown.length > 0) {
      const taskIds = await listJobTaskIds(client, jobUrl);
      if (taskIds.length !== chunk.length) throw new RetryableError(`${client.connection}: job ${job.id} has ${taskIds.length} tasks for ${chunk.length} time bills`, { connection: client.connection });
      await forEachBounded(unknown, 4, async (k) => {
        const write = chunk[k]!;
        outcomes[k] = await readTaskResult(client, `${jobUrl}/task/${taskIds[k]}/result`, write.externalId, existedBefore, after);
      });
    }
    return outcomes.map((outcome, k) => outcome ?? failed(chunk[k]!.externalId, new RetryableError('no task result')));
  } catch (error) {
    return chunk.map((w) => failed(w.externalId, error));
  }
}

/** Submits the collection upsert; returns the job URL. Retries transient failures with the same key. */
async function submitBatch(client: NetSuiteClient, chunk: readonly TimeBillWrite[], key: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
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
      // A retry after a lost answer: NetSuite accepted the first submission and names its job
      // (documented 400 IDEMPOTENCY_ERROR + Location). Await that job; never fail the committed batch.
      const accepted = acceptedJobOf(error);
      if (accepted !== undefined) return accepted;
      if (retryDispositionOf(error) === 'non_retryable' || attempt >= SUBMIT_ATTEMPTS) throw error;
      await client.clock.sleep(backoffMs(error, attempt, client));
    }
  }
}

/** One task's result: 204 + Location, or NetSuite's error body for that record. Transport hiccups are retried. */
async function readTaskResult(
  client: NetSuiteClient,
  url: string,
  externalId: string,
  existedBefore: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): Promise<WriteOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await client.send({ method: 'GET', path: url });
      const id = idFromLocation(response) ?? after.get(externalId);
      if (id === undefined) return failed(externalId, new RetryableError(`${client.connection}: task result without a record`));
      return succeeded(client, externalId, id, !existedBefore.has(externalId));
    } catch (error) {
      const transport = isUnknownOutcome(error) || (error as { details?: { kind?: string } }).details?.kind === 'concurrency_limit';
      if (!transport || attempt >= SUBMIT_ATTEMPTS) return failed(externalId, error);
      await client.clock.sleep(backoffMs(error, attempt, client));
    }
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

function backoffMs(error: unknown, attempt: number, client: NetSuiteClient): number {
  if (error instanceof RetryAfterError) return Math.max(0, error.retryAt.getTime() - client.clock.now().getTime());
  return Math.min(200 * 2 ** (attempt - 1), 5_000);
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
  const name = err?.name === 'NonRetryableError' || err?.name === 'RetryAfterError' ? err.name : 'RetryableError';
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
