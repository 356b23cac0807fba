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

/**
 * A vendor's asynchronous job holding some of the submitted time bills. Plain JSON: it is checkpointed
 * between the submit step and the await step, and read back by the same connection's port.
 */
export interface TimeBillJob {
  /** The vendor's reference of the job (NetSuite: the job URL its 202 answered in `Location`). */
  location: string;
  /**
   * Positions in the submitted bills that the job's tasks stand for, in task order. -1 for a task whose
   * bill the submission does not carry: a flow that checkpoints each bill's job and task apart may
   * re-assemble a submission from some of a job's bills; the other tasks are neither read nor answered.
   */
  positions: number[];
  /** Of those positions, the bills that existed in the ledger before the submit (their outcome is `created: false`). */
  existedBefore: number[];
}

/**
 * What `submitTimeBills` returns: serialisable JSON for the flow to checkpoint and hand to
 * `timeBillResults`. Bills the port settled at once (refused before sending, written one by one where
 * the account has no async endpoint) have their outcome here; the others are in `jobs`.
 */
export interface TimeBillSubmission {
  /** ISO instant of the submit, by the hub's clock: a job unfinished long after it is a RetryableError. */
  submittedAt: string;
  /** The submitted bills' external ids, in order. */
  externalIds: string[];
  /** Outcomes known at the submit, by position; null for a bill whose outcome is in a job. */
  outcomes: Array<WriteOutcome | null>;
  /** The vendor jobs the other bills went into (empty when no job was needed). */
  jobs: TimeBillJob[];
}

/** One look at a submission's jobs: not finished yet (look again at `pollAt`), or one outcome per bill, in order. */
export type TimeBillResults = { done: false; pollAt: Date } | { done: true; outcomes: WriteOutcome[] };

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
  /**
   * Upserts many time bills by external id (batched where the vendor allows); one outcome per bill, in
   * order. Holds its caller until the vendor's jobs finish (polling on the clock): a flow should use
   * `submitTimeBills` + `timeBillResults` instead, which hold no worker while a job runs.
   */
  upsertTimeBills(bills: readonly LedgerTimeBill[]): Promise<WriteOutcome[]>;
  /**
   * Phase 1 of a batch write: sends the bills (one request per vendor batch, a deterministic idempotency
   * key each, so submitting the same bills again finds the jobs already accepted) and returns at once
   * with the job references. Retries nothing: a transient failure before any job was accepted throws
   * with its meaning (RetryableError, WaitError past the governor's throttle budget); one after some
   * job was accepted stops the submit and is the failed outcome of each bill not sent (the accepted
   * jobs are kept); a batch the vendor refuses is a NonRetryable outcome of each of its bills.
   * (Optional only until every LedgerPort, test fakes included, implements it.)
   */
  submitTimeBills?(bills: readonly LedgerTimeBill[]): Promise<TimeBillSubmission>;
  /**
   * Phase 2: looks at the submission's jobs ONCE and never sleeps — `{ done: false, pollAt }` while a job
   * runs (the await step ends with `WaitError(pollAt)`, holding no worker), else one outcome per bill.
   * A job still unfinished long after `submittedAt` (30 min by default) throws RetryableError kind
   * 'job_timeout'; a failed look throws with its meaning (RetryableError, WaitError).
   */
  timeBillResults?(submission: TimeBillSubmission): Promise<TimeBillResults>;
}
