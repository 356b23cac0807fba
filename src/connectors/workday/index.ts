import type { IdFactory } from '../../canonical/ids.js';
import type { Poller } from '../../intake/inbound-source.js';
import type { Clock } from '../../runtime/clock.js';
import type { Governor } from '../../runtime/governor/create-governor.js';
import type { CallRecorder } from '../http/call-stats.js';
import { createWorkdayClient, type WorkdayClient } from './client.js';
import type { WorkdayConnectorConfig } from './config.js';
import { createWorkerDeltaPoller } from './inbound/worker-delta-poller.js';
import { getWorkers, type GetWorkersPage, type GetWorkersQuery } from './outbound/get-workers.js';
import { listWorkers, type ListedWorkers, type ListWorkersOptions } from './outbound/list-workers.js';

export type { WorkdayConnectorConfig } from './config.js';
export { workdayEndpointBudget } from './config.js';
export type { RestWorkerSummary, SoapWorker } from './schemas.js';
export { mapWorkdayWorker } from './mappers/worker.js';

/** What the connector needs from the process. */
export interface WorkdayConnectorDeps {
  clock: Clock;
  governor?: Governor | undefined;
  calls?: CallRecorder | undefined;
  idFactory?: IdFactory | undefined;
  onRejected?: ((reason: string) => void) | undefined;
}

/** One Workday connection's operations for the hub (HR owns workers: the hub only reads). */
export interface WorkdayConnector {
  readonly connection: string;
  /** The worker delta poller (Get_Workers transaction-log windows, resumable checkpoints). */
  pollers: Poller[];
  client: WorkdayClient;
  /** Get_Workers, one page. */
  getWorkers(query: GetWorkersQuery): Promise<GetWorkersPage>;
  /** Every worker summary over REST. */
  listWorkers(options?: ListWorkersOptions): Promise<ListedWorkers>;
  close(): Promise<void>;
}

/** Creates the Workday connector of one connection. */
export function createWorkdayConnector(config: WorkdayConnectorConfig, deps: WorkdayConnectorDeps): WorkdayConnector {
  const client = createWorkdayClient(config, deps);
  return {
    connection: client.connection,
    pollers: [createWorkerDeltaPoller(client, config, { idFactory: deps.idFactory, onRejected: deps.onRejected })],
    client,
    getWorkers: (query) => getWorkers(client, query),
    listWorkers: (options) => listWorkers(client, options),
    close: () => client.close(),
  };
}
