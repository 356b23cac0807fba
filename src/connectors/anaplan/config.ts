import type { ConnectionConfig } from '../../config/connection-schema.js';

/**
 * What the Anaplan connector needs beyond the connection entry of the YAML config: the resolved
 * credentials (from the environment), the authentication host, and which model, file and import
 * receive the actuals (the firm's model, not the vendor's).
 */
export interface AnaplanConnectorConfig {
  /** The `connections[]` entry (system `anaplan`, auth `anaplan_basic`); baseUrl is the API host (`https://api.anaplan.com`). */
  connection: ConnectionConfig;
  /** Authentication service base (default `https://auth.anaplan.com`). */
  authUrl?: string | undefined;
  username: string;
  password: string;
  workspaceId: string;
  modelId: string;
  /** The import data source file and the import that reads it. */
  actuals: { fileId: string; importId: string };
  /** Upload chunk size in bytes (default 10 MiB; Anaplan accepts 1–50 MB chunks). */
  chunkSizeBytes?: number | undefined;
  /** Gzip each chunk (default true). */
  gzip?: boolean | undefined;
  /** Import locale (default `en_US`). */
  localeName?: string | undefined;
  /** Task polling: first wait, longest wait, give-up deadline in ms (default 1,000 / 15,000 / 1,800,000). */
  taskPolling?: { initialDelayMs?: number; maxDelayMs?: number; deadlineMs?: number } | undefined;
  /** Request timeout in ms (default 30,000). */
  timeoutMs?: number | undefined;
}

/** `<baseUrl>/2/0/workspaces/{ws}/models/{model}`: request paths of model objects are relative to it. */
export function modelBaseOf(config: AnaplanConnectorConfig): string {
  const base = config.connection.baseUrl.replace(/\/+$/, '').replace(/\/2\/0$/, '');
  return `${base}/2/0/workspaces/${encodeURIComponent(config.workspaceId)}/models/${encodeURIComponent(config.modelId)}`;
}

/**
 * The governor budget of this connection's endpoint: Anaplan allows about 600 requests a minute per
 * user [U], so 10 requests/s unless the config says otherwise; a few calls at once are plenty.
 */
export function anaplanEndpointBudget(connection: ConnectionConfig): { maxConcurrency: number; requestsPerSecond: number } {
  return { maxConcurrency: connection.limits?.concurrency ?? 4, requestsPerSecond: connection.limits?.requestsPerSecond ?? 10 };
}
