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

/** The systems a flow may need. */
export type FlowSystem = 'psa' | 'ledger' | 'planning';

/** The ports with the systems `S` present. */
export type FlowPortsWith<S extends FlowSystem> = FlowPorts & { [K in S]-?: NonNullable<FlowPorts[K]> };

/**
 * A flow as the composition root sees it: its id, the systems it needs and how to build it from the
 * ports. Each flow folder exports one; `flows/index.ts` lists them once; the hub builds every flow
 * whose systems are configured and says which it leaves out and why.
 */
export interface FlowModule<S extends FlowSystem = FlowSystem> {
  readonly id: string;
  readonly needs: readonly S[];
  create(ports: FlowPortsWith<S>): FlowDefinition;
}

/** Declares a flow module; `create` gets the ports with the systems in `needs` present. */
export function defineFlowModule<const S extends FlowSystem>(module: FlowModule<S>): FlowModule {
  return module as unknown as FlowModule;
}

/** The systems of `module.needs` the ports lack (empty: the flow can be built). */
export function missingSystems(module: FlowModule, ports: FlowPorts): FlowSystem[] {
  return module.needs.filter((system) => ports[system] === undefined);
}
