/**
 * `npm run demo`: the sandbox estate and the hub in one process on loopback ports, the firm simulator
 * driving the estate for a simulated period, the hub syncing approved time to NetSuite (CDC webhooks +
 * a final poll), then PSA ground truth compared with NetSuite time bills.
 *
 * Clocks: the sandboxes run on the simulated clock the firm simulator moves (business dates), while
 * the hub and the sandbox webhook dispatcher both use real time — webhook timestamps are stamped
 * and verified against the wall clock, so the 5-minute tolerance holds however fast the period runs.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Decimal } from 'decimal.js';
import { configSchema } from '../config/index.js';
import { timeToLedgerFlowId } from '../flows/time-to-ledger/time-to-ledger.flow.js';
import type { ThroughlineLogger } from '../observability/logger.js';
import { openDatabase } from '../persistence/database.js';
import { migrateToLatest } from '../persistence/migrator.js';
import { findManyBySystemIds, findManyOnConnection } from '../persistence/queries/cross-references.js';
import { startEstate } from '../sandboxes/estate.js';
import { firmEndpointsOf } from '../sandboxes/firm/estate-endpoints.js';
import { createFirmSimulator } from '../sandboxes/firm/firm-simulator.js';
import type { WebhookDispatcher } from '../sandboxes/kit/webhooks.js';
import { compareLedger, type LineTotals, type PsaLine } from './demo/compare-ledger.js';
import { netSuiteFaultRules, salesforceWebhookFaults } from './demo/demo-faults.js';
import { openExceptions, readHubStatus } from './demo/hub-status.js';
import { createProgress } from './demo/progress.js';
import { createHub } from './hub.js';

/** Options of one demo run. */
export interface DemoOptions {
  days: number;
  seed: number;
  consultants: number;
  faults: boolean;
  /** PGlite data directory; default a fresh temporary one, removed afterwards. */
  dataDir?: string | undefined;
  logger: ThroughlineLogger;
  /** Show progress on stderr (default true). */
  progress?: boolean;
  /** Give up waiting for the hub to go quiet after this long (default 10 minutes). */
  quietTimeoutMs?: number;
}

/** The summary `--json` prints. */
export interface DemoSummary {
  /**
   * True only when the run compared something (at least one approved line), every line the ground
   * truth says must post is in NetSuite as approved (hours, billable, rate), every line it says must be
   * held is held by an open exception of the predicted category and not posted, no other exception is
   * open, nothing is duplicated and no run is left.
   */
  agree: boolean;
  seed: number;
  days: number;
  consultants: number;
  faults: boolean;
  psa: LineTotals;
  /** The approved lines that must post (all approved lines less the ones the ground truth holds). */
  expectedPosted: LineTotals;
  erp: { timeBills: number; hours: string; billableAmount: Record<string, string>; batchUpsertCalls: number };
  duplicates: number;
  mismatches: { count: number; first: Array<{ timeEntryId: string; reason: string }> };
  /** Exceptions the ground truth predicts (dirt in the firm's data) and the hub's open ones, by category. */
  expectedExceptions: { count: number; byCategory: Record<string, number> };
  exceptions: { count: number; byCategory: Record<string, number>; topReasons: Array<{ category: string; count: number; example: string }> };
  calls: Record<string, { requests: number; tokenRequests: number; byStatus: Record<string, number>; networkErrors: number }>;
  callsPerPostedTimeBill: number | null;
  /**
   * Token discipline per connection: every token request after the first must follow a 401 (the
   * vendor expired the token — the sandboxes' clock runs days ahead); never a login per request.
   */
  tokens: Record<string, { tokenRequests: number; rejectedAsExpired: number; onePerLifetime: boolean }>;
  webhooks: Record<string, unknown>;
  pollers: Array<{ pollerId: string; pages: number; accepted: number; duplicates: number; echoesDropped: number }>;
  runs: { completed: number; failed: number; stillRunnable: number };
  elapsedSeconds: number;
}

/** Runs the demo end to end and returns its summary (the caller prints it and sets the exit code). */
export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const started = Date.now();
  const progress = createProgress({ enabled: options.progress !== false });
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), `throughline-demo-${options.seed}-`)));
  const temporary = options.dataDir === undefined;
  progress.update('starting the sandbox estate…');
  const estate = await startEstate({
    seed: options.seed,
    only: ['salesforce', 'netsuite', 'workday'],
    ...(options.faults ? { faults: { netsuite: netSuiteFaultRules(options.seed) } } : {}),
  });
  const store = await openDatabase({ engine: 'pglite', dataDir });
  let hub: Awaited<ReturnType<typeof createHub>> | undefined;
  try {
    await migrateToLatest(store.db);
    const salesforce = estate.sandboxes.salesforce!;
    const netsuite = estate.sandboxes.netsuite!;
    const webhookSecret = `whsec_${randomBytes(24).toString('base64')}`;
    const env = {
      DEMO_SALESFORCE_CLIENT_SECRET: salesforce.credentials.clientSecret!,
      DEMO_NETSUITE_PRIVATE_KEY: netsuite.credentials.privateKeyPem!,
      DEMO_SALESFORCE_WEBHOOK_SECRET: webhookSecret,
    };
    const config = configSchema.parse({
      connections: [
        {
          id: 'salesforce', system: 'salesforce', baseUrl: salesforce.baseUrl, webhookSecretEnv: 'DEMO_SALESFORCE_WEBHOOK_SECRET',
          auth: { type: 'oauth_client_credentials', clientId: salesforce.credentials.clientId!, clientSecretEnv: 'DEMO_SALESFORCE_CLIENT_SECRET' },
        },
        {
          id: 'netsuite', system: 'netsuite', baseUrl: netsuite.baseUrl, limits: { netsuiteTier: 'standard' },
          auth: { type: 'netsuite_jwt', clientId: netsuite.credentials.clientId!, certificateId: netsuite.credentials.certificateId!, privateKeyEnv: 'DEMO_NETSUITE_PRIVATE_KEY' },
        },
      ],
    });
    hub = await createHub({
      config, store, env, logger: options.logger, pollIntervalMs: 15_000,
      netsuite: { jobPolling: { initialDelayMs: 20, maxDelayMs: 250, deadlineMs: 120_000 } },
    });
    const apiUrl = await hub.start({ host: '127.0.0.1', port: 0 });
    await adminPost(salesforce.adminUrl, 'cdc/subscriptions', { url: `${apiUrl}/v1/webhooks/salesforce`, secret: webhookSecret, entities: ['pse__Timecard_Header__c'] });
    if (options.faults) await adminPut(salesforce.adminUrl, 'cdc/faults', salesforceWebhookFaults);

    const simulator = createFirmSimulator(
      { ...firmEndpointsOf(estate), seed: options.seed, days: options.days, consultants: options.consultants },
      { onDay: (date, index) => void showStatus(`simulating ${date} (day ${index + 1}/${options.days})`) },
    );
    const showStatus = async (what: string) => {
      const status = await readHubStatus(store);
      progress.update(`${what} · events ${status.events} · runs done ${status.completed} · waiting ${status.runnable} · failed ${status.failed}`);
    };
    const truth = await simulator.run();

    progress.update('flushing webhooks and polling once more…');
    await (salesforce as unknown as { webhooks?: WebhookDispatcher }).webhooks?.flush();
    await hub.pollers.pollOnce();
    const deadline = Date.now() + (options.quietTimeoutMs ?? 10 * 60_000);
    for (;;) {
      const status = await readHubStatus(store);
      if (status.runnable === 0) break;
      if (Date.now() > deadline) break;
      await showStatus('syncing');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const status = await readHubStatus(store);

    progress.update('comparing PSA ground truth with NetSuite…');
    const bills = await hub.netsuite!.listTimeBills();
    const exceptions = await openExceptions(store, timeToLedgerFlowId);
    const lines: PsaLine[] = truth.approvedLines;
    const workers = await findManyBySystemIds(store.db, { connection: 'salesforce', objectType: 'Contact' }, lines.map((l) => l.resourceId));
    const projects = await findManyBySystemIds(store.db, { connection: 'salesforce', objectType: 'pse__Proj__c' }, lines.map((l) => l.projectId));
    const employeesOnLedger = await findManyOnConnection(store.db, 'netsuite', [...workers.values()].map((w) => w.canonicalId));
    const jobsOnLedger = await findManyOnConnection(store.db, 'netsuite', [...projects.values()].map((p) => p.canonicalId));
    const comparison = compareLedger({
      lines,
      bills,
      subjectOf: (line) => `time_entry:salesforce:${line.timecardId}:${line.workDate}`,
      expectedHolds: truth.expectedTimeExceptions,
      exceptions,
      ledgerIdsOf: (line) => ({
        employeeId: employeesOnLedger.get(workers.get(line.resourceId)?.canonicalId ?? '')?.systemId,
        projectId: jobsOnLedger.get(projects.get(line.projectId)?.canonicalId ?? '')?.systemId,
      }),
    });
    const requestLog = await adminGet<{ requests?: Array<{ method: string; path: string }> }>(netsuite.adminUrl, 'requests?since=0');
    const batchUpsertCalls = (requestLog.requests ?? []).filter((r) => r.method === 'PUT' && /\/record\/v1\/timeBill\/?$/.test(r.path)).length;
    const calls = hub.calls.snapshot();
    const posted = comparison.erp.timeBills;
    const hubRequests = Object.values(calls).reduce((t, c) => t + c.requests + c.tokenRequests, 0);
    const reasons = new Map<string, { count: number; example: string }>();
    for (const e of exceptions) {
      const entry = reasons.get(e.category) ?? { count: 0, example: e.message };
      entry.count++;
      reasons.set(e.category, entry);
    }
    const summary: DemoSummary = {
      // A check that compared nothing has not passed.
      agree: lines.length > 0 && comparison.mismatches.length === 0 && comparison.duplicates === 0 && status.runnable === 0,
      seed: options.seed, days: options.days, consultants: options.consultants, faults: options.faults,
      psa: comparison.psa,
      expectedPosted: comparison.expectedPosted,
      erp: { ...comparison.erp, batchUpsertCalls },
      duplicates: comparison.duplicates,
      mismatches: { count: comparison.mismatches.length, first: comparison.mismatches.slice(0, 20) },
      expectedExceptions: comparison.expectedExceptions,
      exceptions: {
        ...comparison.exceptions,
        topReasons: [...reasons].sort((a, b) => b[1].count - a[1].count).slice(0, 5).map(([category, r]) => ({ category, ...r })),
      },
      calls,
      callsPerPostedTimeBill: posted > 0 ? new Decimal(hubRequests).dividedBy(posted).toDecimalPlaces(3).toNumber() : null,
      tokens: Object.fromEntries(Object.entries(calls).map(([connection, c]) => {
        const rejectedAsExpired = c.byStatus['401'] ?? 0;
        return [connection, { tokenRequests: c.tokenRequests, rejectedAsExpired, onePerLifetime: c.tokenRequests <= 1 + rejectedAsExpired }];
      })),
      webhooks: hub.webhookStats.snapshot(),
      pollers: hub.pollers.totals().map(({ pollerId, pages, accepted, duplicates, echoesDropped }) => ({ pollerId, pages, accepted, duplicates, echoesDropped })),
      runs: { completed: status.completed, failed: status.failed, stillRunnable: status.runnable },
      elapsedSeconds: Math.round((Date.now() - started) / 100) / 10,
    };
    progress.done();
    return summary;
  } finally {
    await hub?.stop().catch(() => undefined);
    await store.close().catch(() => undefined);
    await estate.stop();
    if (temporary) await rm(dataDir, { recursive: true, force: true });
  }
}

async function adminPost(adminUrl: string, route: string, body: unknown): Promise<void> {
  const response = await fetch(`${adminUrl}/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`sandbox admin POST ${route} failed: ${response.status} ${await response.text()}`);
}

async function adminPut(adminUrl: string, route: string, body: unknown): Promise<void> {
  const response = await fetch(`${adminUrl}/${route}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`sandbox admin PUT ${route} failed: ${response.status} ${await response.text()}`);
}

async function adminGet<T>(adminUrl: string, route: string): Promise<T> {
  const response = await fetch(`${adminUrl}/${route}`);
  if (!response.ok) throw new Error(`sandbox admin GET ${route} failed: ${response.status}`);
  return (await response.json()) as T;
}

