import type { SystemRef } from '../../canonical/entities/refs.js';
import type { LedgerPort, LedgerTimeBill, TimeBillResults, TimeBillSubmission } from '../ports/ledger.js';
import type { WriteOutcome } from '../ports/write-outcome.js';
import type { NetSuiteClient } from './client.js';
import type { NetSuiteConnectorConfig } from './config.js';
import { toNetSuiteCustomer } from './mappers/customer.js';
import { toNetSuiteEmployee } from './mappers/employee.js';
import { toNetSuiteJob } from './mappers/job.js';
import { toNetSuiteTimeBill } from './mappers/time-bill.js';
import { DEFAULT_JOB_POLLING, jobTimeout, nextJobPollAt, pollAsyncJob, type FinishedJob } from './outbound/async-job.js';
import { idsByExternalId } from './outbound/find-by-external-id.js';
import { upsertCustomer } from './outbound/upsert-customer.js';
import { upsertEmployee } from './outbound/upsert-employee.js';
import { upsertJob } from './outbound/upsert-job.js';
import { failed, submitTimeBillWrites, timeBillJobOutcomes, upsertTimeBills, type TimeBillUpsertOptions, type TimeBillWrite } from './outbound/upsert-time-bills.js';
import type { ReferenceLookup } from './reference-lookup.js';
import { createSubsidiaryResolver } from './subsidiary-resolver.js';
import { NonRetryableError, RetryableError } from '../../runtime/errors.js';

/** The default service item time posts to (the sandbox's consulting item). */
export const DEFAULT_SERVICE_ITEM = 'eid:SVC-CONSULTING';

/** The LedgerPort over one NetSuite account: customers, employees, projects (jobs) and time bills by external id. */
export function createNetSuiteLedger(client: NetSuiteClient, config: NetSuiteConnectorConfig, lookup: ReferenceLookup): LedgerPort {
  const connection = client.connection;
  const subsidiaries = createSubsidiaryResolver(config, lookup, connection);
  const asyncSupported = { value: config.asyncCollectionUpsert ?? true };
  const polling = { ...DEFAULT_JOB_POLLING, ...config.jobPolling };
  const upsertOptions: TimeBillUpsertOptions = {
    asyncSupported,
    batchSize: config.timeBillBatchSize ?? 500,
    singleConcurrency: config.singleUpsertConcurrency ?? 4,
    polling,
  };
  const ref = (objectType: string, id: string, externalId: string): SystemRef => ({ system: 'netsuite', connection, objectType, id, externalId });
  /** The ledger's currency record of an ISO code: a currency NetSuite lacks is an exception, never a record without one. */
  const currencyId = async (code: string | undefined, what: string): Promise<string | undefined> => {
    if (!code) return undefined;
    const id = await lookup.find('currency', code);
    if (id === undefined) {
      throw new NonRetryableError(`${connection}: NetSuite has no currency ${code} for ${what}; add the currency to the account (Lists > Accounting > Currencies) and retry`, { kind: 'currency_unknown', vendorCode: 'INVALID_KEY_OR_REF', connection });
    }
    return id;
  };

  return {
    connection,
    system: 'netsuite',
    async upsertCustomer(clientRecord) {
      const currency = await currencyId(clientRecord.currency, `client ${clientRecord.name}`);
      const subsidiaryId = await subsidiaries.resolve(clientRecord.legalEntityRef, clientRecord.currency, `client ${clientRecord.name}`);
      const body = toNetSuiteCustomer(clientRecord, { subsidiaryId, currencyId: currency });
      const { id } = await upsertCustomer(client, clientRecord.id, body);
      return ref('customer', id, clientRecord.id);
    },
    async upsertEmployee(worker) {
      const subsidiaryId = await subsidiaries.resolve(worker.homeLegalEntityRef, worker.costRate?.currency, `worker ${worker.employeeId}`);
      const { id } = await upsertEmployee(client, worker.id, toNetSuiteEmployee(worker, { subsidiaryId }));
      return ref('employee', id, worker.id);
    },
    async upsertProject(engagement, customer) {
      if (customer.system !== 'netsuite' || customer.connection !== connection) {
        throw new NonRetryableError(`${connection}: project ${engagement.projectCode} needs a customer of this connection, got ${customer.connection}/${customer.objectType}`, { kind: 'validation', connection });
      }
      // A job without a subsidiary of its own takes its customer's; a failed lookup fails the write (retryable).
      const currency = await currencyId(engagement.currency, `project ${engagement.projectCode}`);
      const subsidiaryId = await subsidiaries.find(engagement.legalEntityRef, engagement.currency);
      const body = toNetSuiteJob(engagement, { customerId: customer.id, subsidiaryId, currencyId: currency });
      const { id } = await upsertJob(client, engagement.id, body);
      return ref('job', id, engagement.id);
    },
    async upsertTimeBills(bills) {
      const prepared = await prepareTimeBills(bills);
      const written = await upsertTimeBills(client, prepared.writes, upsertOptions);
      written.forEach((outcome, j) => (prepared.outcomes[prepared.positions[j]!] = outcome));
      return prepared.outcomes.map((outcome) => outcome!);
    },
    async submitTimeBills(bills) {
      const prepared = await prepareTimeBills(bills);
      const submittedAt = client.clock.now().toISOString();
      const submitted = await submitTimeBillWrites(client, prepared.writes, upsertOptions);
      submitted.outcomes.forEach((outcome, j) => {
        if (outcome) prepared.outcomes[prepared.positions[j]!] = outcome;
      });
      return {
        submittedAt,
        externalIds: bills.map((b) => b.externalId),
        outcomes: prepared.outcomes.map((outcome) => outcome ?? null),
        jobs: submitted.jobs.map((job) => {
          const existed = new Set(job.existedBefore);
          return {
            location: job.location,
            positions: job.positions.map((j) => prepared.positions[j]!),
            existedBefore: job.positions.filter((j) => existed.has(prepared.writes[j]!.externalId)).map((j) => prepared.positions[j]!),
          };
        }),
      } satisfies TimeBillSubmission;
    },
    async timeBillResults(submission) {
      return timeBillResults(submission);
    },
  };

  /** Bills refused before sending (a currency mismatch, a reference of another connection) and the rest mapped to NetSuite bodies. */
  async function prepareTimeBills(bills: readonly LedgerTimeBill[]): Promise<{ outcomes: Array<WriteOutcome | undefined>; writes: TimeBillWrite[]; positions: number[] }> {
    const outcomes: Array<WriteOutcome | undefined> = bills.map(() => undefined);
    const writes: TimeBillWrite[] = [];
    const positions: number[] = [];
    if (bills.length === 0) return { outcomes, writes, positions };
    const itemId = await lookup.require('item', config.serviceItem ?? DEFAULT_SERVICE_ITEM);
    const employeeIds = await internalIdsOf(bills.map((b) => b.employee), 'employee');
    const projectIds = await internalIdsOf(bills.map((b) => b.project), 'job');
    bills.forEach((bill, k) => {
      const employeeId = employeeIds.get(refKey(bill.employee));
      const customerId = projectIds.get(refKey(bill.project));
      if (bill.rate && bill.currency !== undefined && bill.rate.currency !== bill.currency) {
        outcomes[k] = failed(bill.externalId, new NonRetryableError(`${connection}: time bill ${bill.externalId}: rate in ${bill.rate.currency}, project in ${bill.currency}`, { kind: 'currency_mismatch', connection }));
        return;
      }
      if (!employeeId || !customerId) {
        const missing = !employeeId ? `employee ${refKey(bill.employee)}` : `project ${refKey(bill.project)}`;
        outcomes[k] = failed(bill.externalId, new NonRetryableError(`${connection}: time bill ${bill.externalId}: ${missing} is not a record of this connection`, { kind: 'validation', vendorCode: 'INVALID_KEY_OR_REF', connection }));
        return;
      }
      writes.push({ externalId: bill.externalId, body: toNetSuiteTimeBill(bill, { employeeId, customerId, itemId }) });
      positions.push(k);
    });
    return { outcomes, writes, positions };
  }

  /** One look at each job of the submission (no sleeping): outcomes when all are finished, else when to look again. */
  async function timeBillResults(submission: TimeBillSubmission): Promise<TimeBillResults> {
    // One look at each job first: the results are only read once every job has finished.
    const finished: FinishedJob[] = [];
    for (const job of submission.jobs) {
      const look = await pollAsyncJob(client, job.location);
      if (!look) {
        const now = client.clock.now();
        const submittedAt = new Date(submission.submittedAt);
        if (now.getTime() - submittedAt.getTime() > polling.overdueAfterMs) throw jobTimeout(client, job.location, polling.overdueAfterMs);
        return { done: false, pollAt: nextJobPollAt(submittedAt, now, polling) };
      }
      finished.push(look);
    }
    const outcomes: Array<WriteOutcome | null> = [...submission.outcomes];
    for (const [n, job] of submission.jobs.entries()) {
      // position -1: a task of the job whose bill this submission does not carry (see TimeBillJob.positions).
      const externalIds = job.positions.map((position) => (position >= 0 ? submission.externalIds[position]! : ''));
      const existedBefore = job.existedBefore.map((position) => submission.externalIds[position]!);
      const jobOutcomes = await timeBillJobOutcomes(client, { location: job.location, externalIds, existedBefore }, finished[n]);
      job.positions.forEach((position, k) => {
        if (position >= 0) outcomes[position] = jobOutcomes?.[k] ?? null;
      });
    }
    return {
      done: true,
      outcomes: outcomes.map((outcome, k) => outcome ?? failed(submission.externalIds[k]!, new RetryableError(`${connection}: time bill ${submission.externalIds[k]!}: no outcome in the submission`))),
    };
  }

  /** Internal ids of referenced records: refs on this connection carry them; external-id-only refs are looked up. */
  async function internalIdsOf(refs: readonly SystemRef[], table: string): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    const byExternal: string[] = [];
    for (const r of refs) {
      if (r.connection !== connection) continue;
      if (r.id) ids.set(refKey(r), r.id);
      else if (r.externalId) byExternal.push(r.externalId);
    }
    if (byExternal.length > 0) {
      const found = await idsByExternalId(client, table, byExternal);
      for (const r of refs) if (r.connection === connection && !r.id && r.externalId && found.has(r.externalId)) ids.set(refKey(r), found.get(r.externalId)!);
    }
    return ids;
  }
}

function refKey(ref: SystemRef): string {
  return `${ref.connection}/${ref.objectType}/${ref.id || ref.externalId || ''}`;
}
