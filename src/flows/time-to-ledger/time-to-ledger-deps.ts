import type { CanonicalEvent } from '../../canonical/envelope.js';
import type { IdFactory } from '../../canonical/ids.js';
import type { LedgerPort, PsaPort } from '../../connectors/ports/index.js';
import type { ThroughlineDatabase } from '../../persistence/database.js';
import type { WorkerDay, WorkerDayEntry } from './line-checks.js';

/** What the time-to-ledger steps need, wired once in the composition root. */
export interface TimeToLedgerDeps {
  store: Pick<ThroughlineDatabase, 'db'>;
  psa: PsaPort;
  ledger: LedgerPort;
  idFactory: IdFactory;
  /** Appends outcome events to the event log (intake.ingest); duplicates must be ignored by dedupe key. */
  publish(events: readonly CanonicalEvent[]): Promise<void>;
  /**
   * The approved time of these workers' days (newest version per time entry, approvals only), for the
   * 24-hour check. A port, wired in the composition root, so the step reads no event-log table itself.
   */
  approvedTimeOfWorkerDays(days: readonly WorkerDay[]): Promise<ReadonlyArray<WorkerDay & WorkerDayEntry>>;
}
