import type { SystemRef } from '../../../../src/canonical/entities/refs.js';
import type { LedgerTimeBill } from '../../../../src/connectors/ports/ledger.js';
import type { NetSuiteConnector } from '../../../../src/connectors/netsuite/index.js';
import { sampleClient, sampleEngagement, sampleWorker } from './harness.js';

/** A customer, project and employee in the sandbox, and a maker of time bills against them. */
export interface LedgerFixture {
  customer: SystemRef;
  project: SystemRef;
  employee: SystemRef;
  bill(n: number, overrides?: Partial<LedgerTimeBill>): LedgerTimeBill;
}

/** Upserts the records time bills need and returns a bill factory (bill n: day n of 2026 from March). */
export async function setUpLedger(connector: NetSuiteConnector, tag = 'a'): Promise<LedgerFixture> {
  const customer = await connector.ledger.upsertCustomer(sampleClient(`Client ${tag}`));
  const project = await connector.ledger.upsertProject(sampleEngagement(`PRJ-${tag}`), customer);
  const employee = await connector.ledger.upsertEmployee(sampleWorker(`E-${tag}`, `Worker ${tag}`));
  return {
    customer, project, employee,
    bill(n, overrides = {}) {
      const date = new Date(Date.UTC(2026, 2, 1) + (n % 300) * 86_400_000).toISOString().slice(0, 10);
      return {
        externalId: `tl-tb-${tag}${n}-${date}`, employee, project, workDate: date, hours: '7.5',
        rate: { amount: '150.00', currency: 'USD' }, billable: true, status: 'approved', memo: `bill ${n}`, ...overrides,
      };
    },
  };
}
