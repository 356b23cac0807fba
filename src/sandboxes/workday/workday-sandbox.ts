/**
 * Starts the Workday sandbox: OAuth token endpoint, REST workers, SOAP Human_Resources Get_Workers,
 * the kit's admin/fault layers and the HR admin routes, on one loopback port.
 */
import type { FastifyInstance } from 'fastify';
import { createSandboxClock, type SandboxClock } from '../kit/clock.js';
import type { RunningSandbox, SandboxStartOptions } from '../kit/sandbox.js';
import { listenSandbox } from '../kit/sandbox.js';
import { createSandboxApp } from '../kit/server.js';
import { registerWorkdayAdminRoutes } from './admin-routes.js';
import { registerWorkdayRestRoutes } from './rest-routes.js';
import { defaultSeedWorkers } from './seed-workers.js';
import { registerWorkdaySoapRoutes } from './soap/soap-routes.js';
import { formatWorkdayError } from './workday-errors.js';
import { registerWorkdayTokenRoutes } from './token-routes.js';
import { createWorkdayTokenService, type WorkdayCredentials, type WorkdayTokenService } from './token-service.js';
import type { HireInput } from './worker-model.js';
import { createWorkerStore, type WorkerStore } from './worker-store.js';

/** Options of `startWorkdaySandbox`. */
export interface WorkdaySandboxOptions extends SandboxStartOptions {
  /** Tenant name in every path (default `throughline`). */
  tenant?: string;
  credentials?: Partial<Omit<WorkdayCredentials, 'tenant'>>;
  /** Access token lifetime in sandbox seconds (default 3600). */
  tokenTtlSeconds?: number;
  /** Workers hired at start and after every reset (default: five across US, UK, DE). */
  seedWorkers?: HireInput[];
  /** Zone suffix Workday puts on xs:date values (default `-08:00`, a Pacific tenant). */
  dateZone?: string;
}

/** A running Workday sandbox with handles for tests. */
export interface RunningWorkdaySandbox extends RunningSandbox {
  clock: SandboxClock;
  store: WorkerStore;
  tokens: WorkdayTokenService;
  app: FastifyInstance;
}

/** Starts the Workday sandbox on a loopback port. */
export async function startWorkdaySandbox(options: WorkdaySandboxOptions = {}): Promise<RunningWorkdaySandbox> {
  const clock = options.clock ?? createSandboxClock();
  const credentials: WorkdayCredentials = {
    tenant: options.tenant ?? 'throughline',
    clientId: options.credentials?.clientId ?? 'wd-sandbox-client',
    clientSecret: options.credentials?.clientSecret ?? 'wd-sandbox-secret',
    refreshToken: options.credentials?.refreshToken ?? 'wd-sandbox-refresh-token',
    username: options.credentials?.username ?? 'ISU_Throughline',
    password: options.credentials?.password ?? 'wd-sandbox-password',
  };
  const seedWorkers = options.seedWorkers ?? defaultSeedWorkers;
  const store = createWorkerStore({ clock, seed: options.seed ?? 1 });
  const tokens = createWorkdayTokenService({ clock, ttlSeconds: options.tokenTtlSeconds ?? 3600 });
  const seed = () => seedWorkers.forEach((input) => store.hire(input));
  seed();

  const sandbox = createSandboxApp({
    name: 'workday',
    clock,
    formatError: formatWorkdayError,
    ...(options.faults !== undefined ? { faults: options.faults } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.adminKey !== undefined ? { adminKey: options.adminKey } : {}),
  });
  sandbox.registerState({
    reset() {
      store.reset();
      tokens.clear();
      seed();
    },
    snapshot: () => store.snapshot(),
    restore: (snapshot) => store.restore(snapshot),
    inspect(type) {
      if (type === undefined) {
        return { workers: store.all().length, transactions: store.all().reduce((n, r) => n + r.transactions.length, 0) };
      }
      if (type === 'workers') return store.all().map((r) => store.current(r));
      if (type === 'transactions') return store.all().flatMap((r) => r.transactions.map((t) => ({ worker: r.wid, ...t })));
      return undefined;
    },
  });
  const deps = { credentials, tokens, store, clock, dateZone: options.dateZone ?? '-08:00' };
  registerWorkdayTokenRoutes(sandbox.app, deps);
  registerWorkdayRestRoutes(sandbox.app, deps);
  registerWorkdaySoapRoutes(sandbox.app, deps);
  registerWorkdayAdminRoutes(sandbox.app, { store, requireAdmin: sandbox.requireAdmin });

  const baseUrl = await listenSandbox(sandbox.app, options);
  const tenant = credentials.tenant;
  return {
    name: 'workday',
    baseUrl,
    adminUrl: `${baseUrl}/__admin`,
    credentials: {
      tenant,
      tokenUrl: `${baseUrl}/ccx/oauth2/${tenant}/token`,
      restBaseUrl: `${baseUrl}/ccx/api/v1/${tenant}`,
      soapUrl: `${baseUrl}/ccx/service/${tenant}/Human_Resources/v44.0`,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      refreshToken: credentials.refreshToken,
      username: `${credentials.username}@${tenant}`,
      password: credentials.password,
    },
    clock,
    store,
    tokens,
    app: sandbox.app,
    stop: () => sandbox.app.close(),
  };
}
