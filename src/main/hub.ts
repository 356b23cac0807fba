import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { createApiServer } from '../api/create-api-server.js';
import { createWebhookStats, type WebhookStatsRecorder } from '../api/webhooks/webhook-stats.js';
import { eventDefinitions } from '../canonical/events/index.js';
import { createIdFactory, type IdFactory } from '../canonical/ids.js';
import {
  anaplanSettingsOf, assertRunnableConfig, hubConnectionsOf, pollerIdsOf, pollerSchedulesOf, readSecret, workdaySettingsOf, type ThroughlineConfig,
} from '../config/index.js';
import type { ConnectionConfig } from '../config/connection-schema.js';
import { anaplanEndpointBudget, createAnaplanConnector, type AnaplanConnector, type AnaplanConnectorConfig } from '../connectors/anaplan/index.js';
import { createCallRecorder, type CallRecorder } from '../connectors/http/call-stats.js';
import { createNetSuiteConnector, netSuiteEndpointBudget, type NetSuiteConnector, type NetSuiteConnectorConfig } from '../connectors/netsuite/index.js';
import { approvedBeforeFrom, createSalesforceConnector, salesforceEndpointBudget, type SalesforceConnector, type SalesforceConnectorConfig } from '../connectors/salesforce/index.js';
import { createWorkdayConnector, workdayEndpointBudget, type WorkdayConnector, type WorkdayConnectorConfig } from '../connectors/workday/index.js';
import { flowModules, missingSystems, type FlowPorts, type FlowPortsWith, type FlowSystem } from '../flows/index.js';
import { createIntake, type Intake } from '../intake/create-intake.js';
import type { Poller, WebhookHandler } from '../intake/inbound-source.js';
import { createPollScheduler, type PollScheduler } from '../intake/poll-scheduler.js';
import { runPollers, type PollerRunner } from '../intake/run-pollers.js';
import type { ThroughlineLogger } from '../observability/logger.js';
import type { ThroughlineDatabase } from '../persistence/database.js';
import { approvedTimeOfWorkerDays } from '../persistence/queries/approved-time-of-worker-days.js';
import { latestSourceVersions } from '../persistence/queries/latest-source-versions.js';
import { subjectsWithEvent } from '../persistence/queries/subjects-with-event.js';
import { systemClock, type Clock } from '../runtime/clock.js';
import { createFlowRegistry, type FlowRegistry } from '../runtime/flows/flow-registry.js';
import { createGovernor, type Governor } from '../runtime/governor/create-governor.js';
import type { EndpointBudget } from '../runtime/governor/governor-types.js';
import { expireLeasesOfDeadProcess } from '../runtime/claims/leases.js';
import { createOutboxRelay, type OutboxRelay } from '../runtime/outbox/outbox-relay.js';
import { createWebhookSink } from '../runtime/outbox/webhook-sink.js';
import { loggableError } from '../runtime/retry/serialize-error.js';
import { createWorker, type Worker } from '../runtime/worker/create-worker.js';

/** Everything the hub process is made of, built from the validated config. */
export interface Hub {
  store: ThroughlineDatabase;
  clock: Clock;
  intake: Intake;
  flows: FlowRegistry;
  worker: Worker;
  /** Runs the pollers' passes (on demand: `pollOnce()`; on schedule: `scheduler`). */
  pollers: PollerRunner;
  /** Fires the pollers' durable cron schedules (`schedules` in the config; default every minute). */
  scheduler: PollScheduler;
  api: FastifyInstance;
  governor: Governor;
  calls: CallRecorder;
  webhookStats: WebhookStatsRecorder;
  /** The outbox relay publishing events to the configured `sinks`; undefined (nothing runs) without sinks. */
  outbox: OutboxRelay | undefined;
  /** The PSA (Salesforce + Certinia) connector, when configured. */
  salesforce: SalesforceConnector | undefined;
  /** The ledger (NetSuite) connector, when configured. */
  netsuite: NetSuiteConnector | undefined;
  /** The HR (Workday) connector, when configured; its worker delta poller runs with the hub's pollers. */
  workday: WorkdayConnector | undefined;
  /** The planning (Anaplan) connector, when configured (`anaplan.planning` is the PlanningPort). */
  anaplan: AnaplanConnector | undefined;
  /**
   * Registers the pollers' durable schedules, then starts the API listening, the worker loop, the
   * outbox relay (when sinks are configured) and the schedule loop (unless `pollers: false`). Returns
   * the API's base URL.
   */
  start(options?: { host?: string; port?: number; pollers?: boolean }): Promise<string>;
  /** Stops API, pollers, worker (gracefully) and outbox relay, closes connectors. The store stays open (the caller owns it). */
  stop(): Promise<void>;
}

/** What the hub is built from. */
export interface HubOptions {
  config: ThroughlineConfig;
  /** An open, migrated store (see `openStore`). */
  store: ThroughlineDatabase;
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  logger: ThroughlineLogger;
  /** How often the schedule loop looks for due poller schedules, in ms (default 5 s); the config's cron decides when pollers run. */
  pollIntervalMs?: number;
  workerConcurrency?: number;
  /** Salesforce OAuth client id whose CDC changes are echoes (default the connection's client id). */
  hubClientId?: string;
  /** Overrides of the connectors' own settings (the demo shortens job polling). */
  netsuite?: Partial<Omit<NetSuiteConnectorConfig, 'connection' | 'privateKeyPem'>>;
  salesforce?: Partial<Omit<SalesforceConnectorConfig, 'connection' | 'clientSecret'>>;
  workday?: Partial<Omit<WorkdayConnectorConfig, 'connection' | 'clientSecret' | 'refreshToken'>>;
  anaplan?: Partial<Omit<AnaplanConnectorConfig, 'connection' | 'username' | 'password'>>;
}

/**
 * Composition root of the hub (`throughline serve`, the demo): store, clock, governor (local on
 * PGlite, PostgreSQL-leased when the store is shared), call recorder, connectors from the config's
 * connections (secrets from the environment), the flow registry, intake, worker, pollers and API.
 * First validates the configuration and its secrets with the same check as `config check`
 * (ConfigError with `path: reason` lines), before building anything.
 */
export async function createHub(options: HubOptions): Promise<Hub> {
  const env = options.env ?? process.env;
  const clock = options.clock ?? systemClock;
  const { config, store, logger } = options;
  assertRunnableConfig(config, env);
  const calls = createCallRecorder();
  const webhookStats = createWebhookStats();
  const idFactory = createIdFactory({ now: () => clock.now().getTime() });
  const { psa: psaConnection, ledger: ledgerConnection, hr: hrConnection, planning: planningConnection } = hubConnectionsOf(config);

  const endpoints: Record<string, EndpointBudget> = {};
  // Each connector's budget function reads the connection's `limits` and holds its vendor's defaults.
  if (psaConnection) endpoints[psaConnection.id] = salesforceEndpointBudget(psaConnection);
  if (ledgerConnection) endpoints[ledgerConnection.id] = netSuiteEndpointBudget(ledgerConnection);
  if (hrConnection) endpoints[hrConnection.id] = workdayEndpointBudget(hrConnection);
  if (planningConnection) endpoints[planningConnection.id] = anaplanEndpointBudget(planningConnection);
  const governor = createGovernor({
    clock,
    endpoints,
    processId: `${hostname()}:${process.pid}`,
    mode: store.engine === 'postgres' ? 'shared' : 'local',
    store: store.db,
    retryOnThrottle: { budgetMs: 30_000, initialBackoffMs: 200, maxBackoffMs: 5_000 },
  });

  const salesforce = psaConnection
    ? createSalesforceConnector(
        {
          connection: psaConnection,
          clientSecret: secretOf(psaConnection, env, 'clientSecretEnv'),
          ...(options.hubClientId ? { hubClientId: options.hubClientId } : {}),
          ...options.salesforce,
        },
        { clock, governor, calls, idFactory, approvedBefore: approvedBeforeFrom((subjects) => subjectsWithEvent(store.db, 'time.approved', subjects), psaConnection.id), logger },
      )
    : undefined;
  const netsuite = ledgerConnection
    ? createNetSuiteConnector(
        { connection: ledgerConnection, privateKeyPem: secretOf(ledgerConnection, env, 'privateKeyEnv'), ...options.netsuite },
        { clock, governor, calls, idFactory },
      )
    : undefined;

  const workday = hrConnection ? createWorkday(hrConnection, env, options, { clock, governor, calls, idFactory, logger }) : undefined;
  const anaplan = planningConnection ? createAnaplan(planningConnection, env, options, { clock, governor, calls }) : undefined;

  // Every flow module whose systems are configured; none is named here (flows/index.ts lists them).
  const flowPorts: FlowPorts = {
    psa: salesforce?.psa, ledger: netsuite?.ledger, planning: anaplan?.planning, idFactory,
    eventLog: {
      latestSourceVersions: (subjects, types) => latestSourceVersions(store.db, subjects, types),
      approvedTimeOfWorkerDays: (days) => approvedTimeOfWorkerDays(store.db, days),
    },
  };
  const flows = flowModules.flatMap((module) => {
    const missing = missingSystems(module, flowPorts);
    // Checked just above: every system in the module's needs is present.
    if (missing.length === 0) return [module.create(flowPorts as FlowPortsWith<FlowSystem>)];
    logger.info({ flowId: module.id, missing }, 'flow not run: the systems it needs are not configured');
    return [];
  });
  const registry = createFlowRegistry(flows);
  // Sinks: events of the types a sink subscribes to go to the outbox with the event log append.
  const sinks = config.sinks.map((sink) =>
    createWebhookSink({ name: sink.name, url: sink.url, secret: readSecret(env, sink.secretEnv), topics: sink.events, timeoutMs: sink.timeoutMs }));
  const outbox = sinks.length > 0 ? createOutboxRelay({ store: store.db, clock, sinks, batchSize: 100, logger }) : undefined;
  const publishedTypes = config.sinks.some((sink) => sink.events === undefined) ? undefined : new Set(config.sinks.flatMap((sink) => sink.events ?? []));
  const intake = createIntake({
    store, clock, definitions: Object.values(eventDefinitions), flows: registry,
    outbox: outbox ? { publishes: (type) => publishedTypes?.has(type) ?? true } : undefined,
  });
  // The intake is the workers' outcome sink: events steps emit are appended with their checkpoints.
  const worker = createWorker({ store, clock, flows: registry, concurrency: options.workerConcurrency ?? 8, logger, outcomes: intake, idFactory });

  const pollerList: Poller[] = [...(salesforce?.pollers ?? []), ...(workday?.pollers ?? [])];
  const pollerIds = pollerList.map((p) => p.id);
  // The config validation judged the schedules against pollerIdsOf: the connectors must agree.
  if (pollerIds.join(' ') !== pollerIdsOf(config).join(' ')) {
    throw new Error(`internal: the hub's pollers (${pollerIds.join(', ')}) are not pollerIdsOf(config) (${pollerIdsOf(config).join(', ')})`);
  }
  const pollers = runPollers({
    store, pollers: pollerList, intake, clock,
    // A vendor's words can carry rates and names: the log names the error by its code (loggableError).
    onError: (pollerId, error) => logger.warn({ pollerId, error: loggableError(error) }, 'poll pass failed'),
  });
  for (const schedule of config.schedules) {
    if (schedule.job !== undefined) logger.warn({ schedule: schedule.name, job: schedule.job }, 'job schedule not run: no job runs on a schedule yet (poller schedules do)');
  }
  const scheduler = createPollScheduler({
    store, runner: pollers, schedules: pollerSchedulesOf(config, pollerIds), clock, checkIntervalMs: options.pollIntervalMs ?? 5_000,
    onError: (error) => logger.warn({ error: loggableError(error) }, 'poller schedule check failed'),
    onCheck: (check) => {
      for (const tick of check.ticks) {
        logger.debug({ schedule: tick.name, scheduledAt: tick.scheduledAt.toISOString(), skippedTicks: tick.skippedTicks }, 'poller schedule fired');
      }
      for (const pollerId of check.busy) logger.info({ pollerId }, 'poller tick skipped: its previous pass still runs in another process');
      for (const failed of check.failed) logger.warn({ schedule: failed.name, error: failed.error }, 'poller schedule tick not claimed');
    },
  });

  const webhookHandlers: WebhookHandler[] = [];
  const webhookSecrets: Record<string, string> = {};
  for (const connection of config.connections) {
    if (!connection.webhookSecretEnv) continue;
    webhookSecrets[connection.id] = readSecret(env, connection.webhookSecretEnv);
    if (salesforce && connection.id === salesforce.connection) webhookHandlers.push(salesforce.webhookHandler);
  }
  const api = await createApiServer({ store, intake, webhookHandlers, webhookSecrets, clock, stats: webhookStats, governor, logger });

  let started = false;
  return {
    store, clock, intake, flows: registry, worker, pollers, scheduler, api, governor, calls, webhookStats, outbox, salesforce, netsuite, workday, anaplan,
    async start(startOptions = {}) {
      const polling = startOptions.pollers !== false;
      if (store.engine === 'pglite') {
        const recovered = await expireLeasesOfDeadProcess(store.db, { now: clock.now() });
        if (recovered > 0) logger.info({ runs: recovered }, 'runs left running by a stopped process are claimable again');
      }
      if (polling) await scheduler.register();
      const address = await api.listen({ host: startOptions.host ?? config.server.host, port: startOptions.port ?? config.server.port });
      worker.start();
      outbox?.start();
      if (polling) scheduler.start();
      started = true;
      return address;
    },
    async stop() {
      if (started) {
        await api.close();
        await scheduler.stop();
        await worker.stop();
        await outbox?.stop();
      }
      await salesforce?.close();
      await netsuite?.close();
      await workday?.close();
      await anaplan?.close();
      await governor.close();
    },
  };
}

/** The Workday connector of the `workday` connection (tenant and reading choices from its settings). */
function createWorkday(
  connection: ConnectionConfig,
  env: NodeJS.ProcessEnv,
  options: HubOptions,
  deps: { clock: Clock; governor: Governor; calls: CallRecorder; idFactory: IdFactory; logger: ThroughlineLogger },
): WorkdayConnector {
  const settings = workdaySettingsOf(connection);
  return createWorkdayConnector(
    {
      connection,
      tenant: settings.tenant,
      soapVersion: settings.soapVersion,
      pageSize: settings.pageSize,
      clientSecret: secretOf(connection, env, 'clientSecretEnv'),
      refreshToken: secretOf(connection, env, 'refreshTokenEnv'),
      ...options.workday,
    },
    {
      clock: deps.clock, governor: deps.governor, calls: deps.calls, idFactory: deps.idFactory,
      onRejected: (reason) => deps.logger.warn({ connection: connection.id, reason }, 'workday worker rejected'),
    },
  );
}

/** The Anaplan connector of the `anaplan` connection (model, file and import ids from its settings). */
function createAnaplan(connection: ConnectionConfig, env: NodeJS.ProcessEnv, options: HubOptions, deps: { clock: Clock; governor: Governor; calls: CallRecorder }): AnaplanConnector {
  const settings = anaplanSettingsOf(connection);
  return createAnaplanConnector(
    {
      connection,
      authUrl: settings.authUrl,
      username: secretOf(connection, env, 'usernameEnv'),
      password: secretOf(connection, env, 'passwordEnv'),
      workspaceId: settings.workspaceId,
      modelId: settings.modelId,
      actuals: { fileId: settings.actualsFileId, importId: settings.actualsImportId },
      ...options.anaplan,
    },
    deps,
  );
}

type SecretField = 'clientSecretEnv' | 'privateKeyEnv' | 'refreshTokenEnv' | 'usernameEnv' | 'passwordEnv';

function secretOf(connection: ConnectionConfig, env: NodeJS.ProcessEnv, field: SecretField): string {
  const variable = (connection.auth as Record<string, unknown>)[field];
  if (typeof variable !== 'string') throw new Error(`connection ${connection.id}: auth type ${connection.auth.type} has no ${field}`);
  return readSecret(env, variable);
}
