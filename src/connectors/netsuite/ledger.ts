import type { SystemRef } from '../../canonical/entities/refs.js';
import type { LedgerPort, LedgerTimeBill } from '../ports/ledger.js';
import type { WriteOutcome } from '../ports/write-outcome.js';
import type { NetSuiteClient } from './client.js';
import type { NetSuiteConnectorConfig } from './config.js';
import { toNetSuiteCustomer } from './mappers/customer.js';
import { toNetSuiteEmployee } from './mappers/employee.js';
import { toNetSuiteJob } from './mappers/job.js';
import { toNetSuiteTimeBill } from './mappers/time-bill.js';
import { DEFAULT_JOB_POLLING } from './outbound/async-job.js';
import { idsByExternalId } from './outbound/find-by-external-id.js';
import { upsertCustomer } from './outbound/upsert-customer.js';
import { upsertEmployee } from './outbound/upsert-employee.js';
import { upsertJob } from './outbound/upsert-job.js';
import { failed, upsertTimeBills, type TimeBillWrite } from './outbound/upsert-time-bills.js';
import type { ReferenceLookup } from './reference-lookup.js';
import { createSubsidiaryResolver } from './subsidiary-resolver.js';
import { NonRetryableError } from '../../runtime/errors.js';

/** The default service item time posts to (the sandbox's consulting item). */
export const DEFAULT_SERVICE_ITEM = 'eid:SVC-CONSULTING';

/** The LedgerPort over one NetSuite account: customers, employees, projects (jobs) and time bills by external id. */
export function createNetSuiteLedger(client: NetSuiteClient, config: NetSuiteConnectorConfig, lookup: ReferenceLookup): LedgerPort {
  const connection = client.connection;
  const subsidiaries = createSubsidiaryResolver(config, lookup, connection);
  const asyncSupported = { value: config.asyncCollectionUpsert ?? true };
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
      return postTimeBills(bills);
    },
  };

  async function postTimeBills(bills: readonly LedgerTimeBill[]): Promise<WriteOutcome[]> {
    const outcomes: Array<WriteOutcome | undefined> = bills.map(() => undefined);
    const itemId = await lookup.require('item', config.serviceItem ?? DEFAULT_SERVICE_ITEM);
    const employeeIds = await internalIdsOf(bills.map((b) => b.employee), 'employee');
    const projectIds = await internalIdsOf(bills.map((b) => b.project), 'job');
    const writes: TimeBillWrite[] = [];
    const positions: number[] = [];
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
    const written = await upsertTimeBills(client, writes, {
      asyncSupported,
      batchSize: config.timeBillBatchSize ?? 500,
      singleConcurrency: config.singleUpsertConcurrency ?? 4,
      polling: { ...DEFAULT_JOB_POLLING, ...config.jobPolling },
    });
    written.forEach((outcome, j) => (outcomes[positions[j]!] = outcome));
    return outcomes.map((outcome) => outcome!);
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
