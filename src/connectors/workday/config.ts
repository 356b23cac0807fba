import type { ConnectionConfig } from '../../config/connection-schema.js';

/**
 * What the Workday connector needs beyond the connection entry of the YAML config: the tenant, the
 * resolved secrets (read from the environment by the composition root) and the reading choices.
 */
export interface WorkdayConnectorConfig {
  /** The `connections[]` entry (system `workday`, auth `workday_refresh_token`); baseUrl is the tenant host. */
  connection: ConnectionConfig;
  /** Tenant name in every path (`/ccx/api/v1/{tenant}/...`). */
  tenant: string;
  /** API client secret (from `auth.clientSecretEnv`). */
  clientSecret: string;
  /** The integration system user's refresh token (from `auth.refreshTokenEnv`). */
  refreshToken: string;
  /** Token endpoint (default `<baseUrl>/ccx/oauth2/{tenant}/token`). */
  tokenUrl?: string | undefined;
  /** Human_Resources web service version (default `v44.0`). */
  soapVersion?: string | undefined;
  /** Workers per Get_Workers page (default 100, at most 999). */
  pageSize?: number | undefined;
  /** Start of the very first delta window (default `2000-01-01T00:00:00Z`: every worker ever entered). */
  initialUpdatedFrom?: string | undefined;
  /** A window ends this long before now, so transactions still being committed are not skipped (default 0). */
  settleMs?: number | undefined;
  /**
   * Workers are read as of this many days after the window's end, so a hire or change entered ahead of
   * its effective date is seen when it is entered (events carry the effective date). Default 366.
   */
  effectiveHorizonDays?: number | undefined;
  /** Working hours in a year, to turn an annual salary into an hourly cost rate (default 2080). */
  annualHours?: string | undefined;
  /** Request timeout in ms (default 30,000). */
  timeoutMs?: number | undefined;
}

/** The tenant host without a trailing slash. */
export function workdayHostOf(config: WorkdayConnectorConfig): string {
  return config.connection.baseUrl.replace(/\/+$/, '');
}

/** The governor budget of this connection's endpoint (Workday publishes no fixed limit; stay modest by default). */
export function workdayEndpointBudget(connection: ConnectionConfig): { maxConcurrency: number; requestsPerSecond?: number } {
  const limits = connection.limits;
  return { maxConcurrency: limits?.concurrency ?? 4, ...(limits?.requestsPerSecond !== undefined ? { requestsPerSecond: limits.requestsPerSecond } : {}) };
}
