import type { Clock } from '../../runtime/clock.js';
import type { Governor } from '../../runtime/governor/create-governor.js';
import type { CallRecorder } from '../http/call-stats.js';
import type { LedgerPort } from '../ports/ledger.js';
import type { Poller } from '../../intake/inbound-source.js';
import { createNetSuiteClient, type NetSuiteClient } from './client.js';
import type { NetSuiteConnectorConfig } from './config.js';
import { createNetSuiteLedger } from './ledger.js';
import type { LedgerTimeBillRecord } from './mappers/time-bill.js';
import { listTimeBills } from './outbound/list-time-bills.js';
import { createReferenceLookup } from './reference-lookup.js';

export type { NetSuiteConnectorConfig } from './config.js';
export { netSuiteConcurrencyLimit, netSuiteEndpointBudget } from './config.js';
export type { LedgerTimeBillRecord } from './mappers/time-bill.js';

/** What the connector needs from the process: the clock, the governor (endpoint = connection id), the call tally. */
export interface NetSuiteConnectorDeps {
  clock: Clock;
  governor?: Governor | undefined;
  calls?: CallRecorder | undefined;
}

/** One NetSuite connection's operations for the hub. */
export interface NetSuiteConnector {
  readonly connection: string;
  ledger: LedgerPort;
  /** Inbound pollers (SuiteQL on lastmodifieddate with checkpoints). */
  pollers: Poller[];
  client: NetSuiteClient;
  /** Every time bill (the demo's PSA-vs-ERP comparison), read through SuiteQL. */
  listTimeBills(options?: { externalIdPrefix?: string }): Promise<LedgerTimeBillRecord[]>;
  close(): Promise<void>;
}

/** Creates the NetSuite connector of one connection (the composition root registers `netSuiteEndpointBudget` with the governor). */
export function createNetSuiteConnector(config: NetSuiteConnectorConfig, deps: NetSuiteConnectorDeps): NetSuiteConnector {
  const client = createNetSuiteClient(config, deps);
  const lookup = createReferenceLookup(client);
  return {
    connection: client.connection,
    ledger: createNetSuiteLedger(client, config, lookup),
    pollers: [],
    client,
    listTimeBills: (options) => listTimeBills(client, options),
    close: () => client.close(),
  };
}
