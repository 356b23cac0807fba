import { createSandboxClock } from '../kit/clock.js';
import { listenSandbox, type RunningSandbox, type SandboxStartOptions } from '../kit/sandbox.js';
import { createSandboxApp, type SandboxApp } from '../kit/server.js';
import { runJob } from './async/async-job.js';
import { AccessTokenIssuer, type IntegrationCredential } from './auth/client-credentials.js';
import { generateIntegration, type GeneratedIntegration } from './auth/generate-integration.js';
import { formatNetSuiteFault } from './errors.js';
import { accountConcurrencyLimit, ConcurrencyPool, type ConcurrencyOptions } from './governance/concurrency-pool.js';
import { netSuiteSandboxState } from './netsuite-state.js';
import { NETSUITE_PREFIX, netSuiteApiPlugin } from './routes/netsuite-api.js';
import { registerNetSuiteAdminRoutes } from './routes/netsuite-admin-routes.js';
import type { NetSuiteContext } from './routes/netsuite-context.js';
import { seedReferenceData } from './seed-reference-data.js';
import { NetSuiteStore } from './store.js';

/**
 * Starts the NetSuite sandbox: REST records, SuiteQL, async jobs, OAuth 2.0 client credentials (JWT
 * assertion) and account concurrency governance on one loopback port, with the kit's faults and admin.
 */

/** Options of `startNetSuiteSandbox`. */
export interface NetSuiteSandboxOptions extends SandboxStartOptions {
  /** Shown in credentials (default TSTDRV1234567). */
  accountId?: string;
  /** Service tier / SuiteCloud Plus licences / explicit limit (default tier: 5). */
  concurrency?: ConcurrencyOptions;
  /** Integrations whose public keys (SPKI or X.509 PEM) verify token assertions. */
  integrations?: IntegrationCredential[];
  /** Generate a PS256 key pair and hand out its private key as credentials (default true). */
  generateIntegration?: boolean;
  /** Seed currencies, subsidiaries, items, tax codes and periods (default true). */
  seedReferenceData?: boolean;
}

/** A running NetSuite sandbox with handles for tests. */
export interface RunningNetSuiteSandbox extends RunningSandbox {
  store: NetSuiteStore;
  pool: ConcurrencyPool;
  kit: SandboxApp;
  tokenUrl: string;
  /** The generated integration (private key included), when one was generated. */
  integration?: GeneratedIntegration;
}

/** Starts the sandbox on `host:port` (127.0.0.1, a free port by default). */
export async function startNetSuiteSandbox(options: NetSuiteSandboxOptions = {}): Promise<RunningNetSuiteSandbox> {
  const clock = options.clock ?? createSandboxClock();
  const now = () => clock.now();
  const generated = options.generateIntegration === false ? undefined : await generateIntegration();
  const integrations = [...(options.integrations ?? []), ...(generated ? [generated] : [])];
  const store = new NetSuiteStore(now);
  const reseed = () => {
    if (options.seedReferenceData !== false) seedReferenceData(store, now());
  };
  reseed();
  const pool = new ConcurrencyPool(accountConcurrencyLimit(options.concurrency));
  const kit = createSandboxApp({
    name: 'netsuite',
    clock,
    formatError: formatNetSuiteFault,
    ...(options.faults !== undefined ? { faults: options.faults } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.adminKey !== undefined ? { adminKey: options.adminKey } : {}),
  });
  const context: NetSuiteContext = {
    store,
    issuer: new AccessTokenIssuer(integrations, now),
    pool,
    now,
    scheduleJob: (jobId) => void setImmediate(() => runJob(store, jobId, now)),
    serviceTier: options.concurrency?.tier ?? 'default',
    suiteCloudPlusLicenses: options.concurrency?.suiteCloudPlusLicenses ?? 0,
  };
  kit.registerState(netSuiteSandboxState(store, reseed));
  registerNetSuiteAdminRoutes(kit.app, context, { requireAdmin: kit.requireAdmin, reseed });
  await kit.app.register(async (api) => netSuiteApiPlugin(api, context), { prefix: NETSUITE_PREFIX });
  pool.attach(kit.app.server, (url) => url.startsWith(`${NETSUITE_PREFIX}/`));

  const baseUrl = await listenSandbox(kit.app, options);
  const tokenUrl = `${baseUrl}${NETSUITE_PREFIX}/auth/oauth2/v1/token`;
  const credentials: Record<string, string> = { accountId: options.accountId ?? 'TSTDRV1234567', tokenUrl };
  if (generated) {
    Object.assign(credentials, {
      clientId: generated.clientId,
      certificateId: generated.certificateId,
      privateKeyPem: generated.privateKeyPem,
      algorithm: generated.algorithm,
    });
  }
  let stopped = false;
  return {
    name: 'netsuite',
    baseUrl,
    adminUrl: `${baseUrl}/__admin`,
    credentials,
    tokenUrl,
    store,
    pool,
    kit,
    ...(generated ? { integration: generated } : {}),
    async stop() {
      if (stopped) return;
      stopped = true;
      await kit.app.close();
    },
  };
}
