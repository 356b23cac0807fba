import type { Clock } from '../../runtime/clock.js';
import type { Governor } from '../../runtime/governor/create-governor.js';
import type { CallRecorder } from '../http/call-stats.js';
import type { PlanningPort } from '../ports/planning.js';
import { createAnaplanClient, type AnaplanClient } from './client.js';
import type { AnaplanConnectorConfig } from './config.js';
import type { FailureDumpRow } from './mappers/actuals-csv.js';
import { fetchFailureDump } from './outbound/fetch-failure-dump.js';
import { pollTask, type PollTaskOptions } from './outbound/poll-task.js';
import { publishActuals } from './outbound/publish-actuals.js';
import { runImport } from './outbound/run-import.js';
import { uploadFile, type UploadedFile, type UploadFileOptions } from './outbound/upload-file.js';
import type { AnaplanTask } from './schemas.js';

export type { AnaplanConnectorConfig } from './config.js';
export { anaplanEndpointBudget } from './config.js';
export type { AnaplanTask } from './schemas.js';
export type { FailureDumpRow } from './mappers/actuals-csv.js';

/** What the connector needs from the process. */
export interface AnaplanConnectorDeps {
  clock: Clock;
  governor?: Governor | undefined;
  calls?: CallRecorder | undefined;
}

/** One Anaplan connection's operations for the hub. */
export interface AnaplanConnector {
  readonly connection: string;
  /** Actuals to planning (the forecast-feed flow's port). */
  planning: PlanningPort;
  client: AnaplanClient;
  uploadFile(options: UploadFileOptions): Promise<UploadedFile>;
  runImport(importId: string): Promise<AnaplanTask>;
  pollTask(options: PollTaskOptions): Promise<AnaplanTask>;
  fetchFailureDump(options: { importId: string; taskId: string }): Promise<FailureDumpRow[]>;
  close(): Promise<void>;
}

/** Creates the Anaplan connector of one connection (register a governor budget of about 10 requests/s for it). */
export function createAnaplanConnector(config: AnaplanConnectorConfig, deps: AnaplanConnectorDeps): AnaplanConnector {
  const client = createAnaplanClient(config, deps);
  return {
    connection: client.connection,
    planning: { publishActuals: (rows) => publishActuals(client, config, rows) },
    client,
    uploadFile: (options) => uploadFile(client, { chunkSizeBytes: config.chunkSizeBytes, gzip: config.gzip, ...options }),
    runImport: (importId) => runImport(client, { importId, localeName: config.localeName }),
    pollTask: (options) => pollTask(client, options),
    fetchFailureDump: (options) => fetchFailureDump(client, options),
    close: () => client.close(),
  };
}
