import type { Worker } from '../../../canonical/entities/worker.js';
import { workerChanged } from '../../../canonical/events/worker-changed.js';
import { workerHired } from '../../../canonical/events/worker-hired.js';
import { workerTerminated } from '../../../canonical/events/worker-terminated.js';
import type { IdFactory } from '../../../canonical/ids.js';
import type { SoapWorker } from '../schemas.js';
import { mapWorkdayWorker, transactionsOf, workdayWorkerRef, workerWidOf, type WorkerTransaction } from './worker.js';

/** A delta window: transactions entered in [from, through]. */
export interface DeltaWindow {
  from: Date;
  through: Date;
}

/** What {@link workerDeltaEvents} needs besides the worker. */
export interface WorkerEventContext {
  connection: string;
  window: DeltaWindow;
  idFactory: IdFactory;
  annualHours?: string | undefined;
  /** The canonical worker as it was before the window (absent for a worker first seen in it). */
  previous?: Worker | undefined;
}

/** Canonical fields whose change makes a `worker.changed` (status and end date go as `worker.terminated`). */
export const TRACKED_WORKER_FIELDS = [
  'employeeId', 'displayName', 'email', 'role', 'employeeClass', 'costRate', 'homeLegalEntityRef', 'region', 'practice', 'managerRef', 'activeFrom',
] as const satisfies readonly (keyof Worker)[];

/** The transactions of a worker entered inside the window. */
export function transactionsInWindow(worker: SoapWorker, window: DeltaWindow): WorkerTransaction[] {
  const from = window.from.getTime();
  const through = window.through.getTime();
  return transactionsOf(worker).filter((t) => {
    const at = Date.parse(t.enteredAt);
    return at >= from && at <= through;
  });
}

/** True when a transaction log entry is of this business process (`Job_Change` = `Job Change`). */
export function isTransactionType(transaction: WorkerTransaction, type: 'hire' | 'termination' | 'job change' | 'compensation change'): boolean {
  return transaction.type.replace(/[_\s]+/g, ' ').trim().toLowerCase() === type;
}

/** The tracked canonical fields that differ between two views of a worker. */
export function changedWorkerFields(before: Worker, after: Worker): string[] {
  return TRACKED_WORKER_FIELDS.filter((field) => JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null));
}

/**
 * Turns one worker of a delta window into candidate canonical events (pure; intake validates them):
 * a Hire in the window -> `worker.hired`; other changes that move a tracked canonical field ->
 * `worker.changed` with those fields; a Termination -> `worker.terminated`. sourceId is the WID;
 * sourceVersion is the entry moment of the transaction the event reports (the Hire, the latest change
 * in the window, the Termination), so a later change is a new version while re-reading history in
 * differently cut windows gives the same keys (duplicates at intake). A change entered in the same
 * window as the hire is folded into `worker.hired`, which carries the worker as of the window's end.
 */
export function workerDeltaEvents(worker: SoapWorker, context: WorkerEventContext): unknown[] {
  const inWindow = transactionsInWindow(worker, context.window);
  if (inWindow.length === 0) return [];
  const wid = workerWidOf(worker);
  const canonical = mapWorkdayWorker(worker, { connection: context.connection, annualHours: context.annualHours });
  const subject = `worker:${context.connection}:${wid}`;
  const envelope = (definition: { type: string; schemaVersion: string }, version: WorkerTransaction, data: unknown) => ({
    id: context.idFactory.next('evt'),
    type: definition.type,
    subject,
    source: context.connection,
    sourceId: wid,
    sourceVersion: version.enteredAt,
    time: version.enteredAt,
    correlationId: subject,
    causationId: null,
    schemaVersion: definition.schemaVersion,
    data,
  });
  const events: unknown[] = [];
  const hire = inWindow.find((t) => isTransactionType(t, 'hire')) ?? (context.previous === undefined ? inWindow[0] : undefined);
  if (hire) {
    events.push(envelope(workerHired, hire, { worker: canonical, effectiveDate: canonical.activeFrom }));
  } else {
    const changes = inWindow.filter((t) => !isTransactionType(t, 'termination'));
    const changedFields = context.previous ? changedWorkerFields(context.previous, canonical) : [];
    if (changes.length > 0 && changedFields.length > 0) {
      const effectiveDate = changes.map((t) => t.effectiveDate).filter((d): d is string => d !== undefined).sort().at(-1) ?? canonical.activeFrom;
      events.push(envelope(workerChanged, changes.at(-1)!, { worker: canonical, effectiveDate, changedFields }));
    }
  }
  const termination = inWindow.filter((t) => isTransactionType(t, 'termination')).at(-1);
  if (termination && canonical.status === 'terminated') {
    events.push(
      envelope(workerTerminated, termination, {
        workerRef: { refs: [workdayWorkerRef(context.connection, wid)] },
        effectiveDate: canonical.activeTo ?? termination.effectiveDate,
      }),
    );
  }
  return events;
}
