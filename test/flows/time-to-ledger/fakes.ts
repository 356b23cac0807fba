import type { Client } from '../../../src/canonical/entities/client.js';
import type { Engagement } from '../../../src/canonical/entities/engagement.js';
import type { SystemRef } from '../../../src/canonical/entities/refs.js';
import type { Worker } from '../../../src/canonical/entities/worker.js';
import type { LedgerPort, LedgerTimeBill, PsaPort, WriteOutcome } from '../../../src/connectors/ports/index.js';

const PSA = 'salesforce';
const ref = (objectType: string, id: string): SystemRef => ({ system: 'salesforce', connection: PSA, objectType, id });

/** An in-memory PSA: projects, workers and clients by PSA id; counts reads. */
export function fakePsa() {
  const projects = new Map<string, Engagement>();
  const workers = new Map<string, Worker>();
  const clients = new Map<string, Client>();
  const reads = { engagement: 0, worker: 0, client: 0 };
  const port: PsaPort = {
    connection: PSA,
    system: 'salesforce',
    async getEngagement(id) {
      reads.engagement++;
      return projects.get(id);
    },
    async getWorker(id) {
      reads.worker++;
      return workers.get(id);
    },
    async getClient(id) {
      reads.client++;
      return clients.get(id);
    },
  };
  return {
    port,
    reads,
    addProject(id: string, accountId: string, overrides: Partial<Engagement> = {}) {
      clients.set(accountId, { systemRefs: [ref('Account', accountId)], name: `Client ${accountId}`, status: 'active' });
      projects.set(id, {
        systemRefs: [ref('pse__Proj__c', id)], projectCode: `P-${id}`, name: `Project ${id}`,
        clientRef: { refs: [ref('Account', accountId)] }, billingModel: 'time_and_materials', currency: 'USD',
        practice: 'Advisory', region: 'US', legalEntityRef: { refs: [ref('pse__Region__c', 'LE1')] }, startDate: '2026-01-01',
        status: 'active', closedForTime: false, closedForExpense: false, tasks: [], ...overrides,
      });
    },
    addWorker(id: string) {
      workers.set(id, {
        systemRefs: [ref('Contact', id)], employeeId: `E-${id}`, displayName: `Worker ${id}`, role: 'Consultant',
        employeeClass: 'employee', homeLegalEntityRef: { refs: [ref('pse__Region__c', 'LE1')] }, region: 'US',
        activeFrom: '2025-01-01', status: 'active',
      });
    },
  };
}

/** Ledger internal ids are unique across fakes, as tests of one file share a store. */
let nextId = 100;

/**
 * An in-memory ledger keyed by external id, with scriptable per-call failures. With `asyncJobPolls`
 * it also has the two-phase port: a submit returns a job that is done (and writes its bills) at the
 * n-th look, and answers `pollAt` one minute after the look before.
 */
export function fakeLedger(options: { asyncJobPolls?: number } = {}) {
  const customers = new Map<string, SystemRef>();
  const projects = new Map<string, SystemRef>();
  const employees = new Map<string, SystemRef>();
  const timeBills = new Map<string, LedgerTimeBill & { id: string; writes: number }>();
  const calls = { customer: 0, project: 0, employee: 0, timeBillBatches: [] as number[], jobLooks: 0 };
  const jobs = new Map<string, { bills: LedgerTimeBill[]; looks: number }>();
  /** Return a failure for a bill instead of writing it (consumed once per bill when `once`). */
  const failures = new Map<string, { name: string; message: string; once: boolean }>();
  /** Bills whose next write commits and then is reported as a lost connection (timeout after commit). */
  const commitThenLose = new Set<string>();
  const upsert = (map: Map<string, SystemRef>, objectType: string, externalId: string) => {
    let record = map.get(externalId);
    if (!record) {
      record = { system: 'netsuite', connection: 'netsuite', objectType, id: String(nextId++), externalId };
      map.set(externalId, record);
    }
    return record;
  };
  const port: LedgerPort = {
    connection: 'netsuite',
    system: 'netsuite',
    async upsertCustomer(client) {
      calls.customer++;
      return upsert(customers, 'customer', client.id);
    },
    async upsertEmployee(worker) {
      calls.employee++;
      return upsert(employees, 'employee', worker.id);
    },
    async upsertProject(engagement) {
      calls.project++;
      return upsert(projects, 'job', engagement.id);
    },
    async upsertTimeBills(bills) {
      calls.timeBillBatches.push(bills.length);
      return bills.map((bill): WriteOutcome => {
        const failure = failures.get(bill.externalId);
        if (failure) {
          if (failure.once) failures.delete(bill.externalId);
          return { ok: false, externalId: bill.externalId, failure: { name: failure.name, message: failure.message } };
        }
        const existing = timeBills.get(bill.externalId);
        const id = existing?.id ?? String(nextId++);
        timeBills.set(bill.externalId, { ...bill, id, writes: (existing?.writes ?? 0) + 1 });
        if (commitThenLose.delete(bill.externalId)) {
          return { ok: false, externalId: bill.externalId, failure: { name: 'RetryableError', message: 'socket hang up after commit' } };
        }
        return { ok: true, externalId: bill.externalId, created: !existing, record: { system: 'netsuite', connection: 'netsuite', objectType: 'timeBill', id } };
      });
    },
  };
  const polls = options.asyncJobPolls;
  if (polls !== undefined) {
    port.submitTimeBills = async (bills) => {
      const location = `job-${jobs.size + 1}`;
      jobs.set(location, { bills: [...bills], looks: 0 });
      return {
        submittedAt: new Date(0).toISOString(), externalIds: bills.map((b) => b.externalId), outcomes: bills.map(() => null),
        jobs: [{ location, positions: bills.map((_, k) => k), existedBefore: [] }],
      };
    };
    port.timeBillResults = async (submission) => {
      calls.jobLooks++;
      const outcomes: WriteOutcome[] = [];
      for (const job of submission.jobs) {
        const running = jobs.get(job.location)!;
        running.looks++;
        if (running.looks < polls) return { done: false, pollAt: new Date(Date.parse('2026-02-02T09:00:00.000Z') + running.looks * 60_000) };
        const written = await port.upsertTimeBills(running.bills);
        job.positions.forEach((position, task) => {
          if (position >= 0) outcomes[position] = written[task]!;
        });
      }
      return { done: true, outcomes };
    };
  }
  return { port, customers, projects, employees, timeBills, calls, failures, commitThenLose };
}
