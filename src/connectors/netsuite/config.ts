import type { ConnectionConfig } from '../../config/connection-schema.js';

/**
 * What the NetSuite connector needs beyond the connection entry of the YAML config: the resolved
 * private key (read from the environment by the composition root) and the mapping choices that are
 * the firm's, not the vendor's (which service item time posts to, which subsidiary a legal entity is).
 */
export interface NetSuiteConnectorConfig {
  /** The `connections[]` entry (system `netsuite`, auth `netsuite_jwt`). */
  connection: ConnectionConfig;
  /** PEM (PKCS8) private key of the certificate named by `auth.certificateId`. */
  privateKeyPem: string;
  /** JWT signing algorithm the certificate was uploaded for (default PS256). */
  algorithm?: 'PS256' | 'RS256' | undefined;
  /** Token endpoint (default `<baseUrl>/services/rest/auth/oauth2/v1/token`). */
  tokenUrl?: string | undefined;
  /**
   * Legal entity -> subsidiary: keys are legal-entity canonical ids, system ids or codes; values a
   * subsidiary internal id, `eid:<externalId>` or its name. Unmapped entities are looked up by name,
   * then by the record's currency.
   */
  subsidiaries?: Record<string, string> | undefined;
  /** Subsidiary used when nothing else identifies one (internal id, `eid:X` or name). */
  defaultSubsidiary?: string | undefined;
  /** Service item time bills post to: internal id, `eid:X` or item name (default `eid:SVC-CONSULTING`). */
  serviceItem?: string | undefined;
  /** Use the async collection upsert `PUT /timeBill` (default true); false forces single upserts. */
  asyncCollectionUpsert?: boolean | undefined;
  /** Most time bills per async job (default 500). */
  timeBillBatchSize?: number | undefined;
  /** Single upserts in flight at once on the fallback path (default 4; the governor caps the account). */
  singleUpsertConcurrency?: number | undefined;
  /**
   * Async job polling in ms: first wait, longest wait, give-up deadline of a caller held by
   * `upsertTimeBills` (default 100 / 5,000 / 600,000), and how long after its submit a job looked at by
   * `timeBillResults` may stay unfinished before it is a RetryableError (default 1,800,000).
   */
  jobPolling?: { initialDelayMs?: number; maxDelayMs?: number; deadlineMs?: number; overdueAfterMs?: number } | undefined;
  /** Request timeout in ms (default 30,000). */
  timeoutMs?: number | undefined;
}

/** The account's REST root (`<baseUrl>/services/rest`). */
export function restRootOf(config: NetSuiteConnectorConfig): string {
  return `${config.connection.baseUrl.replace(/\/+$/, '')}/services/rest`;
}

/** The account-wide concurrency limit of the configured tier: base + 10 per SuiteCloud Plus licence, capped. */
export function netSuiteConcurrencyLimit(connection: ConnectionConfig): number {
  const limits = connection.limits;
  if (limits?.concurrency !== undefined) return limits.concurrency;
  const tiers = { standard: [5, 15], premium: [15, 45], enterprise: [20, 80], ultimate: [20, 140] } as const;
  const [base, max] = tiers[limits?.netsuiteTier ?? 'standard'];
  return Math.min(base + 10 * (limits?.suiteCloudPlusLicenses ?? 0), max);
}

/** The governor budget of this connection's endpoint (one pool per NetSuite account). */
export function netSuiteEndpointBudget(connection: ConnectionConfig): { maxConcurrency: number; requestsPerSecond?: number } {
  return {
    maxConcurrency: netSuiteConcurrencyLimit(connection),
    ...(connection.limits?.requestsPerSecond !== undefined ? { requestsPerSecond: connection.limits.requestsPerSecond } : {}),
  };
}
