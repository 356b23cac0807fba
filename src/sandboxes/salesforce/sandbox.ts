/**
 * Starts the Salesforce sandbox (with Certinia PSA objects) on a loopback port: OAuth token
 * endpoint, REST data API, change data capture webhooks, the kit's faults and admin API.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createSandboxClock, type SandboxClock } from '../kit/clock.js';
import { createRandom } from '../kit/random.js';
import { listenSandbox, type RunningSandbox, type SandboxStartOptions } from '../kit/sandbox.js';
import { createSandboxApp } from '../kit/server.js';
import { createWebhookDispatcher, type WebhookDispatcher, type WebhookFaults } from '../kit/webhooks.js';
import { createApiAllowance, type ApiAllowance } from './allowance.js';
import { createSandboxAuth, type OAuthClient, type SandboxAuth } from './auth.js';
import { createChangeDataCapture, type ChangeDataCapture } from './cdc.js';
import { SalesforceApiError, sfError } from './errors.js';
import { formatSalesforceError } from './format-error.js';
import { registerSalesforceAdminRoutes } from './http/admin-routes.js';
import { registerDataRoutes } from './http/data-routes.js';
import { registerOAuthRoutes } from './http/oauth-routes.js';
import { makeId } from './ids.js';
import { createQueryCursors } from './rest/query-cursors.js';
import { createSalesforceStore, type SalesforceStore } from './store.js';

/** Options of `startSalesforceSandbox`. */
export interface SalesforceSandboxOptions extends SandboxStartOptions {
  /** Connected apps allowed to log in; the client id shows in CDC `changeOrigin`. Default: one with a random secret. */
  clients?: { clientId: string; clientSecret: string; name?: string }[];
  /** Access token lifetime in sandbox time (default 2 h). */
  tokenLifetimeMs?: number;
  /** Daily API request allowance (default 100000). */
  dailyApiLimit?: number;
  /** Records per query batch (default 2000). */
  queryBatchSize?: number;
  /** How long change events are kept, in sandbox time (default 72 h). */
  cdcRetentionMs?: number;
  /**
   * Field history tracking: object name -> tracked fields (default: `pse__Proj__c` stage and
   * closed-for-time/expense checkboxes). `{}` turns it off: `pse__Proj__History` then does not exist.
   */
  trackedFields?: Readonly<Record<string, readonly string[]>>;
  webhookFaults?: WebhookFaults;
  /** First webhook retry delay in real ms (default 200). */
  webhookRetryBaseMs?: number;
  log?: boolean;
}

/** A running Salesforce sandbox with handles for tests and the simulator. */
export interface SalesforceSandbox extends RunningSandbox {
  loginUrl: string;
  apiVersion: string;
  clients: OAuthClient[];
  clock: SandboxClock;
  store: SalesforceStore;
  auth: SandboxAuth;
  allowance: ApiAllowance;
  cdc: ChangeDataCapture;
  webhooks: WebhookDispatcher;
}

/** Starts the sandbox; see `SalesforceSandboxOptions`. */
export async function startSalesforceSandbox(options: SalesforceSandboxOptions = {}): Promise<SalesforceSandbox> {
  const clock = options.clock ?? createSandboxClock();
  const seed = options.seed ?? 1;
  const kit = createSandboxApp({
    name: 'salesforce',
    clock,
    formatError: formatSalesforceError,
    seed,
    ...(options.faults !== undefined ? { faults: options.faults } : {}),
    ...(options.adminKey ? { adminKey: options.adminKey } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const { app } = kit;
  installSalesforceBodyHandling(app);

  const webhooks = createWebhookDispatcher({
    clock,
    random: createRandom(seed + 1),
    ...(options.webhookFaults ? { faults: options.webhookFaults } : {}),
    ...(options.webhookRetryBaseMs !== undefined ? { retryBaseMs: options.webhookRetryBaseMs } : {}),
  });
  const cdc = createChangeDataCapture({ clock, dispatcher: webhooks, retentionMs: options.cdcRetentionMs ?? 72 * 3_600_000 });
  const store = createSalesforceStore({
    clock,
    onCommit: (changes, ctx) => cdc.record(changes, ctx),
    ...(options.trackedFields ? { trackedFields: options.trackedFields } : {}),
  });
  const clientInputs = options.clients ?? [{ clientId: 'throughline-sandbox', clientSecret: randomBytes(18).toString('base64url'), name: 'Throughline Integration' }];
  const clients: OAuthClient[] = clientInputs.map((c) => ({
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    userId: store.nextUserId(),
    userName: c.name ?? `${c.clientId} Integration User`,
  }));
  const ensureUsers = () => clients.forEach((c) => store.ensureUser(c.userId, c.userName));
  ensureUsers();

  const orgId = makeId('00D', seed);
  const auth = createSandboxAuth({ clock, clients, tokenLifetimeMs: options.tokenLifetimeMs ?? 2 * 3_600_000, orgId });
  const allowance = createApiAllowance({ clock, limit: options.dailyApiLimit ?? 100_000 });
  const cursors = createQueryCursors();
  let baseUrl = '';

  registerOAuthRoutes(app, auth, () => baseUrl);
  registerDataRoutes(app, {
    store,
    clock,
    cursors,
    queryBatchSize: options.queryBatchSize ?? 2000,
    limits: () => {
      const { used, limit } = allowance.usage();
      return { max: limit, remaining: Math.max(0, limit - used) };
    },
    auth,
    allowance,
  });
  registerSalesforceAdminRoutes(app, { cdc, webhooks, allowance, auth }, kit.requireAdmin);
  kit.registerWebhooks(webhooks);
  kit.registerState({
    reset() {
      store.reset();
      ensureUsers();
      cdc.reset();
      cursors.clear();
    },
    snapshot: () => ({ store: store.snapshot(), cdc: cdc.snapshot() }),
    restore(snapshot) {
      const s = snapshot as { store: unknown; cdc: unknown };
      store.restore(s.store);
      cdc.restore(s.cdc);
      cursors.clear();
    },
    inspect: (type) => store.inspect(type),
  });

  baseUrl = await listenSandbox(app, options);
  const first = clients[0]!;
  return {
    name: 'salesforce',
    baseUrl,
    loginUrl: baseUrl,
    apiVersion: '61.0',
    adminUrl: `${baseUrl}/__admin`,
    credentials: {
      clientId: first.clientId,
      clientSecret: first.clientSecret,
      loginUrl: baseUrl,
      tokenUrl: `${baseUrl}/services/oauth2/token`,
      instanceUrl: baseUrl,
      apiVersion: '61.0',
    },
    clients,
    clock,
    store,
    auth,
    allowance,
    cdc,
    webhooks,
    async stop() {
      webhooks.close();
      await app.close();
    },
  };
}

/** JSON bodies may be empty (DELETE from some clients); parse errors and crashes answer in Salesforce's array form. */
function installSalesforceBodyHandling(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(sfError(400, 'JSON_PARSER_ERROR', `Unexpected character in JSON body: ${(error as Error).message}`), undefined);
    }
  });
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof SalesforceApiError) return reply.code(error.status).send(error.toBody());
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status < 500) return reply.code(status).send([{ message: (error as Error).message, errorCode: status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'INVALID_INPUT' }]);
    return reply.code(500).send([{ message: `An unexpected error occurred: ${(error as Error).message}`, errorCode: 'UNKNOWN_EXCEPTION' }]);
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]));
}
