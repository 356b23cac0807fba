import type { ConnectionConfig } from '../../config/connection-schema.js';

/** Salesforce API version used when the connection does not pin one. */
export const DEFAULT_SALESFORCE_API_VERSION = 'v61.0';

/**
 * What the Salesforce connector needs beyond the connection entry of the YAML config: the resolved
 * client secret (read from the environment by the composition root) and the hub's own OAuth client
 * id, whose writes come back through change data capture and must be dropped as echoes.
 */
export interface SalesforceConnectorConfig {
  /** The `connections[]` entry (system `salesforce` or `certinia`, auth `oauth_client_credentials`). */
  connection: ConnectionConfig;
  /** The connected app's client secret. */
  clientSecret: string;
  /** OAuth client id the hub writes as (default: the connection's `auth.clientId`); CDC echoes carry it in `changeOrigin`. */
  hubClientId?: string | undefined;
  /** Salesforce returns no `expires_in`: how long a session is trusted before a proactive refresh (default 2 h, the org default timeout). */
  sessionLifetimeMs?: number | undefined;
  /** Rows per SOQL batch requested through `Sforce-Query-Options` (200..2000; default: Salesforce's 2000). */
  queryBatchSize?: number | undefined;
  /** Most timecards one poll page reads (default 200). */
  pollPageSize?: number | undefined;
  /** Where the timecard poller's very first poll starts (ISO instant); default: all history. */
  pollSince?: string | undefined;
  /** How long PsaPort reads stay cached in this process (default 5 minutes). */
  cacheTtlMs?: number | undefined;
  /** Request timeout in ms (default 30,000). */
  timeoutMs?: number | undefined;
}

/** The API version of this connection, `vNN.N`. */
export function apiVersionOf(config: SalesforceConnectorConfig): string {
  const pinned = config.connection.apiVersion ?? DEFAULT_SALESFORCE_API_VERSION;
  return pinned.startsWith('v') ? pinned : `v${pinned}`;
}

/** The OAuth client id whose writes are the hub's own. */
export function hubClientIdOf(config: SalesforceConnectorConfig): string {
  if (config.hubClientId) return config.hubClientId;
  return config.connection.auth.type === 'oauth_client_credentials' ? config.connection.auth.clientId : 'throughline-hub';
}

/**
 * The governor budget of this connection's endpoint. Salesforce caps concurrent long-running
 * (>= 20 s) requests per org at 25; short calls are limited by the daily allowance, not concurrency.
 */
export function salesforceEndpointBudget(connection: ConnectionConfig): { maxConcurrency: number; requestsPerSecond?: number } {
  return {
    maxConcurrency: connection.limits?.concurrency ?? 25,
    ...(connection.limits?.requestsPerSecond !== undefined ? { requestsPerSecond: connection.limits.requestsPerSecond } : {}),
  };
}
