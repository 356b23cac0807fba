/**
 * A real hub process (`throughline serve`, its own PGlite data dir) run over the shared simulated
 * quarter: it backfills the quarter's timecards from Salesforce by polling (from the beginning of
 * history, the connector's default) and posts approved time to NetSuite. When its backlog is drained
 * it is stopped and the end state is compared with the quarter's ground truth, the way the demo
 * compares it (`compareLedger`, NetSuite employee/job ids from the hub's cross-references so
 * duplicates per worker, project and day are counted).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNetSuiteConnector } from '../../src/connectors/netsuite/index.js';
import { compareLedger, type LedgerComparison } from '../../src/main/demo/compare-ledger.js';
import { openExceptions } from '../../src/main/demo/hub-status.js';
import { openDatabase } from '../../src/persistence/database.js';
import { findManyBySystemIds, findManyOnConnection } from '../../src/persistence/queries/cross-references.js';
import { systemClock } from '../../src/runtime/clock.js';
import { parseExposition } from './prometheus-text.js';
import type { SimulatedQuarter } from './simulated-quarter.js';
import { waitFor } from './wait-for.js';
import { freePort, stopped } from './child-processes.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const launcher = path.join(repoRoot, 'bin/throughline.js');
const TIME_FLOW = 'time-to-ledger';

/** One logged sandbox request (kit request log). */
export interface LoggedRequest {
  seq: number;
  method: string;
  path: string;
  status: number;
  faultInjected?: string;
  clientAborted?: boolean;
}

/** What the hub left behind, read after it stopped. */
export interface QuarterHubResult {
  comparison: LedgerComparison;
  /** Runs still pending, running or waiting for a retry when the hub was stopped. */
  stillRunnable: number;
  /** Runs by status at the end (from /metrics). */
  runsByStatus: Record<string, number>;
  /** Requests each sandbox logged while the hub ran (since the proof started). */
  requests: { salesforce: LoggedRequest[]; netsuite: LoggedRequest[] };
  elapsedMs: number;
}

/** Requests a sandbox has logged after `since` (its `lastSeq` at that point). */
export async function requestsSince(adminUrl: string, since: number): Promise<{ requests: LoggedRequest[]; lastSeq: number }> {
  return admin(`${adminUrl}/requests?since=${since}`);
}

/** A sandbox admin call (JSON in, JSON out). */
export async function admin<T>(url: string, method = 'GET', body?: unknown): Promise<T> {
  const response = await fetch(url, { method, ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}) });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/**
 * Runs one hub over the leased quarter until its work is done and compares the result with the
 * ground truth. `beforeStart` runs once the request logs are marked (e.g. to set fault rules).
 */
export async function runHubOverQuarter(quarter: SimulatedQuarter, options: { name: string; timeoutMs?: number; beforeStart?: () => Promise<void> }): Promise<QuarterHubResult> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? 480_000;
  const { salesforce, netsuite } = quarter.sandboxes;
  const dir = await mkdtemp(path.join(tmpdir(), `throughline-${options.name}-`));
  const dataDir = path.join(dir, 'data');
  let hub: ChildProcess | undefined;
  try {
    const marks = { salesforce: (await requestsSince(salesforce.adminUrl, 999_999_999)).lastSeq, netsuite: (await requestsSince(netsuite.adminUrl, 999_999_999)).lastSeq };
    await options.beforeStart?.();
    const port = await freePort();
    const env = { QUARTER_SF_SECRET: salesforce.credentials.clientSecret!, QUARTER_NS_KEY: netsuite.credentials.privateKeyPem!, QUARTER_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('base64')}` };
    const netsuiteConnection = {
      id: 'netsuite', system: 'netsuite', baseUrl: netsuite.baseUrl, limits: { netsuiteTier: 'standard' },
      auth: { type: 'netsuite_jwt', clientId: netsuite.credentials.clientId, certificateId: netsuite.credentials.certificateId, privateKeyEnv: 'QUARTER_NS_KEY' },
    };
    const config = {
      database: { dataDir },
      server: { host: '127.0.0.1', port },
      logging: { level: 'warn' },
      connections: [
        { id: 'salesforce', system: 'salesforce', baseUrl: salesforce.baseUrl, webhookSecretEnv: 'QUARTER_WEBHOOK_SECRET',
          auth: { type: 'oauth_client_credentials', clientId: salesforce.credentials.clientId, clientSecretEnv: 'QUARTER_SF_SECRET' } },
        netsuiteConnection,
      ],
      // The quarter already happened: the hub learns it by polling (every 2 s), from the beginning of history.
      schedules: [{ poller: 'salesforce:timecards', cron: '*/2 * * * * *' }],
    };
    const configFile = path.join(dir, 'throughline.yaml');
    await writeFile(configFile, JSON.stringify(config));
    const serve = await startServe(['--config', configFile, 'serve', '--poll-interval', '1'], env);
    hub = serve.child;

    // Done when every approved line has its run and none is left to run (the hub's own backlog, from /metrics).
    let runsByStatus: Record<string, number> = {};
    const readRuns = async () => {
      const samples = parseExposition(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
      runsByStatus = Object.fromEntries(samples.filter((s) => s.name === 'throughline_flow_runs' && s.labels.flow === TIME_FLOW).map((s) => [s.labels.status!, s.value]));
      return runsByStatus;
    };
    const runnable = (runs: Record<string, number>) => (runs.pending ?? 0) + (runs.running ?? 0) + (runs.retry_wait ?? 0);
    const total = (runs: Record<string, number>) => Object.values(runs).reduce((t, n) => t + n, 0);
    await waitFor(async () => {
      const runs = await readRuns();
      return total(runs) >= quarter.truth.approvedLines.length && runnable(runs) === 0;
    }, { what: `the hub to work off the quarter's ${quarter.truth.approvedLines.length} approved lines`, timeoutMs })
      .catch((error: Error) => { throw new Error(`${error.message}; runs at the end: ${JSON.stringify(runsByStatus)}; hub stderr: ${serve.stderr().slice(-2000)}`); });
    await stopped(hub, 'SIGTERM');
    // What the hub sent, read before this proof's own reads of the ledger add to the logs.
    const requests = {
      salesforce: (await requestsSince(salesforce.adminUrl, marks.salesforce)).requests,
      netsuite: (await requestsSince(netsuite.adminUrl, marks.netsuite)).requests,
    };

    const store = await openDatabase({ engine: 'pglite', dataDir });
    let comparison: LedgerComparison;
    let stillRunnable: number;
    const ledger = createNetSuiteConnector({ connection: netsuiteConnection as never, privateKeyPem: netsuite.credentials.privateKeyPem! }, { clock: systemClock });
    try {
      const exceptions = await openExceptions(store, TIME_FLOW);
      stillRunnable = (await store.db.selectFrom('tl_flow_run').select('id').where('status', 'in', ['pending', 'running', 'retry_wait']).execute()).length;
      const lines = quarter.truth.approvedLines;
      const workers = await findManyBySystemIds(store.db, { connection: 'salesforce', objectType: 'Contact' }, lines.map((l) => l.resourceId));
      const projects = await findManyBySystemIds(store.db, { connection: 'salesforce', objectType: 'pse__Proj__c' }, lines.map((l) => l.projectId));
      const employeesOnLedger = await findManyOnConnection(store.db, 'netsuite', [...workers.values()].map((w) => w.canonicalId));
      const jobsOnLedger = await findManyOnConnection(store.db, 'netsuite', [...projects.values()].map((p) => p.canonicalId));
      comparison = compareLedger({
        lines,
        bills: await ledger.listTimeBills(),
        subjectOf: (line) => `time_entry:salesforce:${line.timecardId}:${line.workDate}`,
        expectedHolds: quarter.truth.expectedTimeExceptions,
        exceptions,
        ledgerIdsOf: (line) => ({
          employeeId: employeesOnLedger.get(workers.get(line.resourceId)?.canonicalId ?? '')?.systemId,
          projectId: jobsOnLedger.get(projects.get(line.projectId)?.canonicalId ?? '')?.systemId,
        }),
      });
    } finally {
      await ledger.close();
      await store.close();
    }
    return {
      comparison,
      stillRunnable,
      runsByStatus,
      requests,
      elapsedMs: Math.round(performance.now() - started),
    };
  } finally {
    if (hub) await stopped(hub, 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Token discipline on one sandbox's log: every token request after the first follows a 401 (the
 * vendor expired the token — the sandbox clock runs ahead); never a login per request.
 */
export function tokenDiscipline(requests: readonly LoggedRequest[], tokenPath: RegExp): { tokenRequests: number; rejectedAsExpired: number; onePerLifetime: boolean } {
  const tokenRequests = requests.filter((r) => tokenPath.test(r.path)).length;
  const rejectedAsExpired = requests.filter((r) => !tokenPath.test(r.path) && r.status === 401).length;
  return { tokenRequests, rejectedAsExpired, onePerLifetime: tokenRequests <= 1 + rejectedAsExpired };
}

/** Spawns `throughline <args>`; resolves once it prints `listening on`. */
function startServe(args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; stderr(): string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [launcher, ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} not ready in 60 s: ${err.slice(-1000)}`));
    }, 60_000);
    child.stderr!.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-20_000)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out = (out + chunk.toString()).slice(-20_000);
      if (/^listening on /m.test(out)) {
        clearTimeout(timer);
        resolve({ child, stderr: () => err });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}: ${err.slice(-1000)}`));
    });
  });
}

