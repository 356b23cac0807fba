import type { IdFactory } from '../canonical/ids.js';
import type { LedgerPort, PlanningPort, PsaPort } from '../connectors/ports/index.js';
import type { FlowDefinition } from '../runtime/flows/define-flow.js';

/**
 * Reads of the hub's own event log that flows may make, wired by the composition root (flows import
 * no persistence). Each is a question a flow asks, answered by a query in persistence/queries.
 */
export interface EventLogReads {
  /** The newest source version logged per subject among events of `types`. */
  latestSourceVersions(subjects: readonly string[], types: readonly string[]): Promise<Map<string, string>>;
  /** The approved time entries of these workers' days, newest version per entry, approvals only. */
  approvedTimeOfWorkerDays(days: ReadonlyArray<{ workerId: string; workDate: string }>): Promise<ReadonlyArray<{ workerId: string; workDate: string; timeEntryId: string; hours: string; approvedAt: string }>>;
}

/** What the composition root offers flows: the configured systems' ports, event-log reads, ids. */
export interface FlowPorts {
  psa?: PsaPort | undefined;
  ledger?: LedgerPort | undefined;
  planning?: PlanningPort | undefined;
  eventLog: EventLogReads;
  idFactory: IdFactory;
}

/**
 * A flow as the composition root sees it: its id and how to build it from the ports, or `undefined`
 * when the systems it needs are not configured. Each flow folder exports one; `flows/index.ts`
 * lists them once, and the hub builds every flow whose systems exist.
 */
export interface FlowModule {
  readonly id: string;
  /** The systems the flow needs, for messages ("time-to-ledger needs psa, ledger"). */
  readonly needs: ReadonlyArray<'psa' | 'ledger' | 'planning'>;
  create(ports: FlowPorts): FlowDefinition | undefined;
}
