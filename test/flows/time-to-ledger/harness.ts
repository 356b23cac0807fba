import type { CanonicalEvent } from '../../../src/canonical/envelope.js';
import { eventDefinitions } from '../../../src/canonical/events/index.js';
import { createIdFactory } from '../../../src/canonical/ids.js';
import { createTimeToLedgerFlow } from '../../../src/flows/time-to-ledger/time-to-ledger.flow.js';
import type { TimeEntryEvent } from '../../../src/flows/time-to-ledger/time-entry-event.js';
import { approvedTimeOfWorkerDays } from '../../../src/persistence/queries/approved-time-of-worker-days.js';
import { createIntake } from '../../../src/intake/create-intake.js';
import { latestSourceVersions } from '../../../src/persistence/queries/latest-source-versions.js';
import type { ThroughlineDatabase } from '../../../src/persistence/database.js';
import { createManualClock } from '../../../src/runtime/clock.js';
import { createFlowRegistry } from '../../../src/runtime/flows/flow-registry.js';
import { createWorker } from '../../../src/runtime/worker/create-worker.js';
import { fakeLedger, fakePsa } from './fakes.js';

/** The flow over fakes of its ports, with a real store, intake and worker on a manual clock. */
export function timeToLedgerHarness(store: ThroughlineDatabase, options: { asyncJobPolls?: number } = {}) {
  const clock = createManualClock('2026-02-02T09:00:00.000Z');
  const psa = fakePsa();
  const ledger = fakeLedger(options);
  const idFactory = createIdFactory({ now: () => clock.now().getTime() });
  const flow = createTimeToLedgerFlow({
    psa: psa.port,
    ledger: ledger.port,
    idFactory,
    eventLog: {
      approvedTimeOfWorkerDays: (days) => approvedTimeOfWorkerDays(store.db, days),
      latestTimeVersions: (subjects) => latestSourceVersions(store.db, subjects, ['time.approved', 'time.rejected']),
    },
  });
  const registry = createFlowRegistry([flow]);
  const intake = createIntake({ store, clock, definitions: Object.values(eventDefinitions), flows: registry });
  const worker = createWorker({ store, clock, flows: registry, workerId: 'ttl-test', leaseMs: 60_000, outcomes: intake, idFactory });
  /** Drains, moving the clock past retry waits, until nothing is left to run. */
  const settle = async () => {
    for (let round = 0; round < 50; round++) {
      await worker.runUntilIdle();
      const waiting = await store.db.selectFrom('tl_flow_run').select('id').where('status', 'in', ['pending', 'retry_wait', 'running']).execute();
      if (waiting.length === 0) return;
      await clock.advance(120_000);
    }
    throw new Error('runs did not settle');
  };
  return { clock, psa, ledger, intake, worker, settle };
}

let counter = 0;

/** A time event of the PSA connection for one timecard day. */
export function timeEvent(
  kind: 'approved' | 'rejected',
  fields: {
    timecard: string; date?: string; version?: string; project?: string; worker?: string; hours?: string;
    /** Bill rate amount; `null` for billable time without a rate. */
    rate?: string | null;
    currency?: string; billable?: boolean; approvedAt?: string;
  },
): TimeEntryEvent {
  counter++;
  const date = fields.date ?? '2026-02-02';
  const key = `${fields.timecard}:${date}`;
  const projectRef = { refs: [{ system: 'salesforce', connection: 'salesforce', objectType: 'pse__Proj__c', id: fields.project ?? 'PRJ1' }] };
  const workerRef = { refs: [{ system: 'salesforce', connection: 'salesforce', objectType: 'Contact', id: fields.worker ?? 'W1' }] };
  const common = {
    id: `evt_${counter}_${key}`,
    subject: `time_entry:salesforce:${key}`,
    source: 'salesforce',
    sourceId: key,
    sourceVersion: fields.version ?? '2026-02-02T10:00:00.000Z',
    time: '2026-02-02T10:00:00.000Z',
    correlationId: `project:salesforce:${fields.project ?? 'PRJ1'}`,
    causationId: null,
    schemaVersion: '1',
  };
  const base = { timeEntryId: key, sourceTimecardId: fields.timecard, workerRef, projectRef, workDate: date, hours: fields.hours ?? '8' };
  if (kind === 'approved') {
    return {
      ...common, type: 'time.approved',
      data: {
        ...base, billable: fields.billable ?? true,
        ...(fields.rate === null ? {} : { billRate: { amount: fields.rate ?? '150.00', currency: fields.currency ?? 'USD' } }),
        approvedAt: fields.approvedAt ?? fields.version ?? '2026-02-02T10:00:00.000Z',
      },
    } as CanonicalEvent as TimeEntryEvent;
  }
  return { ...common, type: 'time.rejected', data: { ...base, rejectedAt: '2026-02-02T10:00:00.000Z', previouslyApproved: true } } as CanonicalEvent as TimeEntryEvent;
}
