import type { AccessTokenIssuer } from '../auth/client-credentials.js';
import type { ConcurrencyPool } from '../governance/concurrency-pool.js';
import type { NetSuiteStore } from '../store.js';

/** What the NetSuite route plugins share (built once per sandbox by startNetSuiteSandbox). */
export interface NetSuiteContext {
  store: NetSuiteStore;
  issuer: AccessTokenIssuer;
  pool: ConcurrencyPool;
  now: () => Date;
  /** Runs an accepted async job shortly after the 202 went out. */
  scheduleJob(jobId: string): void;
  serviceTier: string;
  suiteCloudPlusLicenses: number;
}
