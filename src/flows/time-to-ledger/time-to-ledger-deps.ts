import type { IdFactory } from '../../canonical/ids.js';
import type { LedgerPort, PsaPort } from '../../connectors/ports/index.js';
import type { WorkerDay, WorkerDayEntry } from './line-checks.js';

/** What time-to-ledger reads of the hub's own event log, through ports the composition root wires. */
export interface TimeEventLog {
  /**
   * The approved time of these workers' days (newest version per time entry, approvals only), for the
   * 24-hour check.
   */
  approvedTimeOfWorkerDays(days: readonly WorkerDay[]): Promise<ReadonlyArray<WorkerDay & WorkerDayEntry>>;
  /** The newest source version logged per time entry subject (approvals and rejections alike). */
  latestTimeVersions(subjects: readonly string[]): Promise<Map<string, string>>;
}

/**
 * What the time-to-ledger steps need, wired once in the composition root: the PSA and ledger ports,
 * the event-log reads, and ids for the outcome events. Cross-references are the runtime's identity
 * map (`ctx.identity`), outcome events go out with `ctx.emit`: no store here.
 */
export interface TimeToLedgerDeps {
  psa: PsaPort;
  ledger: LedgerPort;
  idFactory: IdFactory;
  eventLog: TimeEventLog;
}
