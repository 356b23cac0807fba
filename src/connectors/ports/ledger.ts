import type { SystemRef } from '../../canonical/entities/refs.js';
import type { Client } from '../../canonical/entities/client.js';
import type { Engagement } from '../../canonical/entities/engagement.js';
import type { Worker } from '../../canonical/entities/worker.js';
import type { Money } from '../../canonical/money/index.js';
import type { WriteOutcome } from './write-outcome.js';

/** One day of approved (or since rejected) time as the ledger should hold it. */
export interface LedgerTimeBill {
  /** Deterministic external id (one per worker x project x day): retries and corrections hit the same record. */
  externalId: string;
  employee: SystemRef;
  project: SystemRef;
  workDate: string;
  /** Decimal string hours. */
  hours: string;
  /** Hourly bill rate; it must be in the project's currency (`currency`). */
  rate?: Money | undefined;
  /**
   * The project's currency, when the flow knows it: the ledger refuses a bill whose rate is in another
   * currency instead of relabelling it (a time bill has no currency of its own; it takes the job's).
   */
  currency?: string | undefined;
  billable: boolean;
  /** `approved` posts the time; `rejected` marks an already posted bill rejected (kept for audit, not billable). */
  status: 'approved' | 'rejected';
  memo?: string | undefined;
}

/** The ERP side of time-to-ledger (NetSuite today; Dynamics 365 later). Canonical types only. */
export interface LedgerPort {
  readonly connection: string;
  readonly system: string;
  /** Upserts a customer for the client by external id (the client's canonical id). */
  upsertCustomer(client: Client & { id: string }): Promise<SystemRef>;
  /** Upserts an employee for the worker by external id (the worker's canonical id). */
  upsertEmployee(worker: Worker & { id: string }): Promise<SystemRef>;
  /** Upserts a project (NetSuite job) under its customer by external id (the engagement's canonical id). */
  upsertProject(engagement: Engagement & { id: string }, customer: SystemRef): Promise<SystemRef>;
  /** Upserts many time bills by external id (batched where the vendor allows); one outcome per bill, in order. */
  upsertTimeBills(bills: readonly LedgerTimeBill[]): Promise<WriteOutcome[]>;
}
