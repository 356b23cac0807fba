/**
 * Starts the Anaplan sandbox: the authentication service (`/token/...`) and the Integration API v2
 * (`/2/0/...`) on one loopback port (at Anaplan they are auth.anaplan.com and api.anaplan.com),
 * with the kit's admin and fault layers and the model admin routes.
 */
import type { FastifyInstance } from 'fastify';
import { createSandboxClock, type SandboxClock } from '../kit/clock.js';
import type { RunningSandbox, SandboxStartOptions } from '../kit/sandbox.js';
import { listenSandbox } from '../kit/sandbox.js';
import { createSandboxApp } from '../kit/server.js';
import { registerAnaplanAdminRoutes } from './admin-routes.js';
import { formatAnaplanError } from './anaplan-responses.js';
import { createAnaplanStore, type AnaplanStore } from './anaplan-store.js';
import { createAnaplanTokenService, type AnaplanTokenService } from './anaplan-tokens.js';
import { guardAnaplanApi } from './api-guard.js';
import { registerAnaplanAuthRoutes } from './auth-routes.js';
import { registerAnaplanCatalogRoutes } from './catalog-routes.js';
import { registerAnaplanFileRoutes } from './file-routes.js';
import { defaultImportTiming, type ImportTiming } from './import-tasks.js';
import { registerAnaplanImportRoutes } from './import-routes.js';
import { createAnaplanCatalog, type ActualsColumnMapping, type ActualsRules, type AnaplanCatalog } from './model-catalog.js';
import { createRateLimiter, type RateLimit, type RateLimiter } from './rate-limiter.js';

/** Options of `startAnaplanSandbox`. */
export interface AnaplanSandboxOptions extends SandboxStartOptions {
  /** Login user and password (default `integration@throughline.example` / `anaplan-sandbox-password`). */
  user?: string;
  password?: string;
  /** Token lifetime in sandbox ms (default 35 minutes, as Anaplan). */
  tokenTtlMs?: number;
  /** Stages of an import on the sandbox clock (default 1 s queued, 4 s running, 4 progress steps). */
  importTiming?: Partial<ImportTiming>;
  /** Request limit on `/2/0` (default 600 per 60 s, sliding window on the sandbox clock). */
  rateLimit?: Partial<RateLimit>;
  /** CSV header -> dimension / line item mapping of "Actuals Import". */
  mapping?: ActualsColumnMapping;
  /** Row validation rules (project code format, known projects, timescale, currencies). */
  rules?: Partial<ActualsRules>;
}

/** A running Anaplan sandbox with handles for tests. */
export interface RunningAnaplanSandbox extends RunningSandbox {
  clock: SandboxClock;
  catalog: AnaplanCatalog;
  store: AnaplanStore;
  tokens: AnaplanTokenService;
  limiter: RateLimiter;
  app: FastifyInstance;
}

/** Starts the Anaplan sandbox on a loopback port. */
export async function startAnaplanSandbox(options: AnaplanSandboxOptions = {}): Promise<RunningAnaplanSandbox> {
  const clock = options.clock ?? createSandboxClock();
  const user = options.user ?? 'integration@throughline.example';
  const password = options.password ?? 'anaplan-sandbox-password';
  const catalog = createAnaplanCatalog({
    seed: options.seed ?? 1,
    ...(options.mapping ? { mapping: options.mapping } : {}),
    ...(options.rules ? { rules: options.rules } : {}),
  });
  const store = createAnaplanStore({ clock, catalog });
  const tokens = createAnaplanTokenService({ clock, ttlMs: options.tokenTtlMs ?? 35 * 60_000 });
  const limiter = createRateLimiter({ clock, limit: { requests: 600, windowMs: 60_000, ...options.rateLimit } });
  let timing: ImportTiming = { ...defaultImportTiming, ...options.importTiming };
  const timingHandle = { get: () => timing, set: (t: ImportTiming) => void (timing = t) };

  const sandbox = createSandboxApp({
    name: 'anaplan',
    clock,
    formatError: formatAnaplanError,
    ...(options.faults !== undefined ? { faults: options.faults } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.adminKey !== undefined ? { adminKey: options.adminKey } : {}),
  });
  sandbox.registerState({
    reset() {
      store.reset();
      tokens.clear();
      limiter.clear();
    },
    snapshot: () => store.snapshot(),
    restore: (snapshot) => store.restore(snapshot),
    inspect(type) {
      store.settle();
      if (type === undefined) return { cells: store.cells().length, projects: store.projects().length, tasks: store.tasks(catalog.actualsImport.id).length };
      if (type === 'cells') return store.cells();
      if (type === 'projects') return store.projects();
      if (type === 'tasks') return store.tasks(catalog.actualsImport.id).map(({ read, ...task }) => ({ ...task, rows: read.rows.length, failures: read.failures }));
      return undefined;
    },
  });
  // Imports finish on the sandbox clock; load any that completed before handling the request.
  sandbox.app.addHook('onRequest', async () => store.settle());

  registerAnaplanAuthRoutes(sandbox.app, { tokens, users: { [user]: password } });
  sandbox.app.register(
    async (api) => {
      guardAnaplanApi(api, { tokens, limiter });
      registerAnaplanCatalogRoutes(api, { catalog, store });
      registerAnaplanFileRoutes(api, { catalog, store });
      registerAnaplanImportRoutes(api, { catalog, store, clock, timing: timingHandle.get });
    },
    { prefix: '/2/0' },
  );
  registerAnaplanAdminRoutes(sandbox.app, { catalog, store, limiter, timing: timingHandle, requireAdmin: sandbox.requireAdmin });

  const baseUrl = await listenSandbox(sandbox.app, options);
  return {
    name: 'anaplan',
    baseUrl,
    adminUrl: `${baseUrl}/__admin`,
    credentials: {
      authUrl: baseUrl,
      apiBaseUrl: `${baseUrl}/2/0`,
      user,
      password,
      workspaceId: catalog.workspace.id,
      modelId: catalog.model.id,
      fileId: catalog.file.id,
      importId: catalog.actualsImport.id,
    },
    clock,
    catalog,
    store,
    tokens,
    limiter,
    app: sandbox.app,
    stop: () => sandbox.app.close(),
  };
}
