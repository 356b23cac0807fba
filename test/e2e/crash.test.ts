// Regression (issue 9 item 8): the crash proof killed the hub once, at a fixed day, without checking
// that any work was in flight, and compared only what was posted. Now: at least 10 SIGKILLs at seeded
// random points (seed printed; CRASH_SEED replays a run), each one shown to have landed while the hub
// held claimed runs or had vendor calls open, and the end state compared with the ground truth —
// posted lines and held exceptions alike.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createNetSuiteConnector } from '../../src/connectors/netsuite/index.js';
import { compareLedger, type HeldException } from '../../src/main/demo/compare-ledger.js';
import { openExceptions } from '../../src/main/demo/hub-status.js';
import { openDatabase } from '../../src/persistence/database.js';
import { systemClock } from '../../src/runtime/clock.js';
import { createRandom } from '../../src/sandboxes/kit/random.js';
import { addDays } from '../../src/sandboxes/firm/calendar.js';
import { firmEndpointsOf, type PrintedSandbox } from '../../src/sandboxes/firm/estate-endpoints.js';
import { createFirmSimulator } from '../../src/sandboxes/firm/firm-simulator.js';
import { parseExposition } from '../support/prometheus-text.js';
import { waitFor } from '../support/wait-for.js';
import { repoRoot, runHeavy } from './run-cli.js';
import { freePort, stopped } from '../support/child-processes.js';

const launcher = path.join(repoRoot, 'bin/throughline.js');
const children = new Set<ChildProcess>();
const DAYS = 29;
const KILLS = 10;
const seed = Number(process.env.CRASH_SEED ?? 20261203);

/** Spawns `throughline <args>` and resolves with the child once a stdout line matches `ready`. */
function start(args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<{ child: ChildProcess; line: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [launcher, ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    child.on('exit', () => children.delete(child));
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} not ready in 60 s: ${err.slice(-1000)}`)), 60_000);
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => ready.test(l));
      if (line) {
        clearTimeout(timer);
        resolve({ child, line });
      }
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${err.slice(-1000)}`)));
  });
}

async function admin<T>(url: string, method = 'GET', body?: unknown): Promise<T> {
  const response = await fetch(url, { method, ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}) });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

afterAll(async () => {
  for (const child of children) await stopped(child, 'SIGKILL');
});

describe.skipIf(!runHeavy)('crash: SIGKILL the hub at seeded random points while it works, restart it on the same data dir', () => {
  it(`after ${KILLS}+ kills that each landed on claimed runs or open vendor calls, NetSuite and the hub's exceptions equal the ground truth`, async () => {
    console.log(`crash test seed ${seed} (replay with CRASH_SEED=${seed})`);
    const random = createRandom(seed);
    const dir = await mkdtemp(path.join(tmpdir(), 'throughline-crash-'));
    const dataDir = path.join(dir, 'data');
    try {
      const estateProcess = await start(['sandbox', '--json', '--only', 'salesforce,netsuite,workday', '--seed', '5'], {}, /^\{/);
      const estate = JSON.parse(estateProcess.line) as { sandboxes: Record<string, PrintedSandbox> };
      const salesforce = estate.sandboxes.salesforce!;
      const netsuite = estate.sandboxes.netsuite!;
      const vendorAdmins = [salesforce.adminUrl, netsuite.adminUrl];
      const port = await freePort();
      const webhookSecret = `whsec_${randomBytes(24).toString('base64')}`;
      const env = { CRASH_SF_SECRET: salesforce.credentials.clientSecret!, CRASH_NS_KEY: netsuite.credentials.privateKeyPem!, CRASH_WEBHOOK_SECRET: webhookSecret };
      const config = {
        database: { dataDir },
        server: { host: '127.0.0.1', port },
        logging: { level: 'warn' },
        connections: [
          { id: 'salesforce', system: 'salesforce', baseUrl: salesforce.baseUrl, webhookSecretEnv: 'CRASH_WEBHOOK_SECRET',
            auth: { type: 'oauth_client_credentials', clientId: salesforce.credentials.clientId, clientSecretEnv: 'CRASH_SF_SECRET' } },
          { id: 'netsuite', system: 'netsuite', baseUrl: netsuite.baseUrl, limits: { netsuiteTier: 'standard' },
            auth: { type: 'netsuite_jwt', clientId: netsuite.credentials.clientId, certificateId: netsuite.credentials.certificateId, privateKeyEnv: 'CRASH_NS_KEY' } },
        ],
      };
      const configFile = path.join(dir, 'throughline.yaml');
      await writeFile(configFile, JSON.stringify(config));
      const serve = () => start(['--config', configFile, 'serve', '--poll-interval', '2'], env, /^listening on /);

      let hub = await serve();
      const subscribed = await fetch(`${salesforce.adminUrl}/cdc/subscriptions`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: `http://127.0.0.1:${port}/v1/webhooks/salesforce`, secret: webhookSecret, entities: ['pse__Timecard_Header__c'] }),
      });
      expect(subscribed.status).toBe(201);

      // The kill plan, drawn from the seed: kills on the Mondays approvals arrive (at least one each),
      // each after a seeded number of sightings of the hub's open calls.
      const mondays = Array.from({ length: DAYS }, (_, day) => day).filter((day) => day >= 7 && day % 7 === 0);
      const killDays = new Map<number, number[]>(mondays.map((day) => [day, [random.int(1, 3)]]));
      for (let k = mondays.length; k < KILLS; k++) {
        const day = mondays[random.int(0, mondays.length - 1)]!;
        killDays.get(day)!.push(random.int(1, 3));
      }
      type OpenCall = { method: string; path: string };
      let lastOpen: OpenCall[] = [];
      const openCalls = async (admins: readonly string[]) => {
        lastOpen = (await Promise.all(admins.map((url) => admin<{ inFlight: OpenCall[] }>(`${url}/requests/in-flight`)))).flatMap((r) => r.inFlight);
        return lastOpen.length;
      };
      const lastSeqs = async () => Promise.all(vendorAdmins.map(async (url) => (await admin<{ lastSeq: number }>(`${url}/requests?since=999999999`)).lastSeq));
      // Vendor answers are slowed to 300-600 ms while kills are aimed, so an observed open call is still open when the signal lands.
      const slow = (url: string) => admin(`${url}/faults`, 'PUT', { seed, rules: [{ match: { path: '^/services/' }, latencyMs: { min: 300, max: 600 } }] });
      const kills: Array<{ day: string; aim: string; sightings: number; claimedRuns: number; abortedCalls: number }> = [];

      /**
       * Kills the hub once it has had calls open `sightings` times — NetSuite calls (posting) while there
       * are any within 20 s, else any vendor call — then shows what the kill landed on and restarts it.
       */
      const killWhileWorking = async (day: string, sightings: number) => {
        const before = await lastSeqs();
        let seen = 0;
        let aim = 'netsuite';
        const sighted = (admins: readonly string[]) => async () => ((await openCalls(admins)) > 0 ? ++seen >= sightings : false);
        try {
          await waitFor(sighted([netsuite.adminUrl]), { what: `open NetSuite calls (${sightings} sightings) on ${day}`, timeoutMs: 20_000 });
        } catch {
          aim = 'any vendor';
          seen = 0;
          await slow(salesforce.adminUrl);
          await waitFor(sighted(vendorAdmins), { what: `the hub's vendor calls to be open (${sightings} sightings) on ${day}`, timeoutMs: 60_000 });
        }
        await stopped(hub.child, 'SIGKILL');
        const openAtKill = lastOpen;
        // What the kill landed on: calls the hub walked away from, and runs it held claimed when it died.
        await waitFor(async () => (await openCalls(vendorAdmins)) === 0, { what: 'the dead hub\'s calls to close', timeoutMs: 30_000 });
        const logs = await Promise.all(vendorAdmins.map((url, i) => admin<{ requests: Array<{ clientAborted?: boolean; path: string; status: number }> }>(`${url}/requests?since=${before[i]}`)));
        const abortedCalls = logs.reduce((n, l) => n + l.requests.filter((r) => r.clientAborted).length, 0);
        const store = await openDatabase({ engine: 'pglite', dataDir });
        const claimed = await store.db.selectFrom('tl_flow_run').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'running').executeTakeFirstOrThrow();
        await store.close();
        const landed = { day, aim, sightings, claimedRuns: Number(claimed.n), abortedCalls };
        kills.push(landed);
        expect(landed.claimedRuns + landed.abortedCalls, `kill ${kills.length} on ${day} landed on nothing: open at the kill ${JSON.stringify(openAtKill)}; calls since ${JSON.stringify(logs.map((l) => l.requests.slice(-5)))}`).toBeGreaterThan(0);
        await admin(`${salesforce.adminUrl}/faults`, 'PUT', { rules: [] });
        hub = await serve();
      };

      const simulator = createFirmSimulator({ ...firmEndpointsOf(estate), seed: 5, days: DAYS, consultants: 6 });
      const startDate = simulator.options.startDate;
      for (let day = 0; day < DAYS; day++) {
        const date = addDays(startDate, day);
        const planned = killDays.get(day) ?? [];
        // The hub's NetSuite calls are slow all through a kill day, so its posting is still under way when the kills come.
        if (planned.length > 0) await slow(netsuite.adminUrl);
        await simulator.runDay(date);
        for (const sightings of planned) await killWhileWorking(date, sightings);
        if (planned.length > 0) await admin(`${netsuite.adminUrl}/faults`, 'PUT', { rules: [] });
      }
      const truth = simulator.groundTruth();
      console.log(`crash test kills (seed ${seed}): ${JSON.stringify(kills)}`);
      expect(kills.length).toBeGreaterThanOrEqual(KILLS);
      // Posting itself was interrupted, not only polls: several kills found runs claimed mid-flight.
      expect(kills.filter((k) => k.claimedRuns > 0).length).toBeGreaterThanOrEqual(3);

      // Wait (bounded) until every line that must post is in NetSuite, then stop the hub and read its exceptions.
      const ledger = createNetSuiteConnector({ connection: config.connections[1] as never, privateKeyPem: netsuite.credentials.privateKeyPem! }, { clock: systemClock });
      const compareWith = async (exceptions: HeldException[]) => compareLedger({
        lines: truth.approvedLines, bills: await ledger.listTimeBills(), subjectOf: (line) => `time_entry:salesforce:${line.timecardId}:${line.workDate}`,
        expectedHolds: truth.expectedTimeExceptions, exceptions, ledgerIdsOf: () => ({}),
      });
      await waitFor(async () => (await compareWith([])).mismatches.every((m) => m.reason.startsWith('no open ')), { what: 'NetSuite to hold every line that must post', timeoutMs: 180_000 });
      // Then until the hub has no run left to work (its own backlog, read from /metrics): the lines that
      // are held, and runs that find their work already done, finish after the last posting.
      let backlog = '';
      const runnableRuns = async () => {
        const samples = parseExposition(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text())
          .filter((s) => s.name === 'throughline_flow_runs' && ['pending', 'running', 'retry_wait'].includes(s.labels.status!));
        backlog = samples.map((s) => `${s.labels.status} ${s.value}`).join('; ');
        return samples.reduce((n, s) => n + s.value, 0);
      };
      await waitFor(async () => (await runnableRuns()) === 0, { what: 'the hub to finish its runs', timeoutMs: 180_000 })
        .catch((error: Error) => { throw new Error(`${error.message}; backlog at the end: ${backlog}`); });
      await stopped(hub.child, 'SIGTERM');
      const store = await openDatabase({ engine: 'pglite', dataDir });
      const exceptions = await openExceptions(store, 'time-to-ledger');
      const stillRunnable = await store.db.selectFrom('tl_flow_run').select('id').where('status', 'in', ['pending', 'running', 'retry_wait']).execute();
      await store.close();
      const comparison = await compareWith(exceptions);
      await ledger.close();

      expect(truth.approvedLines.length).toBeGreaterThan(50);
      expect(stillRunnable).toEqual([]);
      expect(comparison.mismatches).toEqual([]);
      expect(comparison.duplicates).toBe(0);
      expect(comparison.erp).toMatchObject({ timeBills: comparison.expectedPosted.approvedLines, hours: comparison.expectedPosted.approvedHours, billableAmount: comparison.expectedPosted.billableAmount });
      expect(comparison.exceptions.byCategory).toEqual(comparison.expectedExceptions.byCategory);
      await stopped(estateProcess.child, 'SIGTERM');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 900_000);
});
