import { NetSuiteError, netSuiteErrorBody, type NetSuiteErrorBody } from '../errors.js';
import type { RecordTypeName } from '../records/field-spec.js';
import { findRecordType } from '../records/record-types.js';
import { createRecord, deleteRecord, updateRecord, upsertRecord, type WriteOptions } from '../records/record-service.js';
import type { NetSuiteStore } from '../store.js';

/**
 * Asynchronous requests (`Prefer: respond-async`): a job holds one task per record operation; the
 * collection upsert `PUT /{record}` with `{ items: [...] }` makes one task per item. A job runs once,
 * shortly after it is accepted; `X-NetSuite-Idempotency-Key` maps to the job it first created.
 * Vendor doc: NetSuite Help "Asynchronous Request Processing" and the 2026.1 REST API Browser
 * (collection upsert); result shapes are the sandbox's documented choice (docs/sandboxes/netsuite.md).
 */

/** One record operation inside a job. */
export interface AsyncTask {
  id: string;
  operation: 'create' | 'update' | 'upsert' | 'delete';
  recordType: RecordTypeName;
  /** Internal id or `eid:` for update/delete; the external id for upsert. */
  key?: string;
  body?: unknown;
  replace?: string[];
  result?: AsyncTaskResult;
}

/** What a finished task produced: the record written, or NetSuite's error body. */
export type AsyncTaskResult =
  | { status: 204; id: string; recordType: RecordTypeName; created: boolean }
  | { status: number; error: NetSuiteErrorBody };

/** A job as stored. */
export interface AsyncJob {
  id: string;
  createdDate: string;
  completedDate?: string;
  idempotencyKey?: string;
  tasks: AsyncTask[];
}

/**
 * The `Location` of a 202: the job's path RELATIVE to the host, `/services/rest/async/v1/job/{id}`, as
 * NetSuite's example answers (NetSuite Help "Sending an Asynchronous Request"); clients resolve it
 * against the origin they called.
 */
export function jobLocation(jobId: string): string {
  return `/services/rest/async/v1/job/${jobId}`;
}

/** NetSuite's job progress labels. */
export type AsyncProgress = 'pending' | 'succeeded' | 'failed' | 'partiallySucceeded';

/** Where a job stands: pending until run; then succeeded, failed, or partially succeeded. */
export function jobProgress(job: AsyncJob): AsyncProgress {
  if (!job.completedDate) return 'pending';
  const failures = job.tasks.filter((task) => task.result?.status !== 204).length;
  if (failures === 0) return 'succeeded';
  return failures === job.tasks.length ? 'failed' : 'partiallySucceeded';
}

/** Stores a new job (or returns the one an idempotency key already created) and reports whether it is new. */
export function submitJob(
  store: NetSuiteStore,
  tasks: Omit<AsyncTask, 'id'>[],
  idempotencyKey: string | undefined,
  now: Date,
): { job: AsyncJob; isNew: boolean } {
  if (idempotencyKey !== undefined) {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idempotencyKey)) {
      throw new NetSuiteError('INVALID_PARAMETER', 'X-NetSuite-Idempotency-Key must be a UUID.', { path: 'X-NetSuite-Idempotency-Key' });
    }
    const existingId = store.state.idempotencyKeys[idempotencyKey.toLowerCase()];
    const existing = existingId ? store.state.asyncJobs[existingId] : undefined;
    if (existing) return { job: existing, isNew: false };
  }
  const id = String(store.state.nextJobNumber++);
  const job: AsyncJob = {
    id,
    createdDate: now.toISOString(),
    tasks: tasks.map((task, index) => ({ ...task, id: String(index + 1) })),
  };
  if (idempotencyKey !== undefined) {
    job.idempotencyKey = idempotencyKey.toLowerCase();
    store.state.idempotencyKeys[job.idempotencyKey] = id;
  }
  store.state.asyncJobs[id] = job;
  return { job, isNew: true };
}

/** Runs every task of a pending job; each task succeeds or fails on its own. */
export function runJob(store: NetSuiteStore, jobId: string, now: () => Date): void {
  const job = store.state.asyncJobs[jobId];
  if (!job || job.completedDate) return;
  for (const task of job.tasks) task.result = runTask(store, task);
  job.completedDate = now().toISOString();
}

function runTask(store: NetSuiteStore, task: AsyncTask): AsyncTaskResult {
  const spec = findRecordType(task.recordType)!;
  const options: WriteOptions = task.replace ? { replace: new Set(task.replace) } : {};
  try {
    switch (task.operation) {
      case 'create': {
        const { record } = createRecord(store, spec, task.body, options);
        return { status: 204, id: record.id, recordType: spec.name, created: true };
      }
      case 'upsert': {
        const { record, created } = upsertRecord(store, spec, task.key!, task.body, options);
        return { status: 204, id: record.id, recordType: spec.name, created };
      }
      case 'update': {
        const { record } = updateRecord(store, spec, task.key!, task.body, options);
        return { status: 204, id: record.id, recordType: spec.name, created: false };
      }
      case 'delete': {
        const existing = store.resolve(spec.name, task.key!);
        deleteRecord(store, spec, task.key!);
        return { status: 204, id: existing!.id, recordType: spec.name, created: false };
      }
    }
  } catch (error) {
    if (error instanceof NetSuiteError) return { status: error.status, error: error.toBody() };
    return { status: 500, error: netSuiteErrorBody(500, [{ detail: String(error), 'o:errorCode': 'UNEXPECTED_ERROR' }]) };
  }
}
