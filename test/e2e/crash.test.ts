import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createNetSuiteConnector } from '../../src/connectors/netsuite/index.js';
import { compareLedger } from '../../src/main/demo/compare-ledger.js';
import { systemClock } from '../../src/runtime/clock.js';
import { addDays } from '../../src/sandboxes/firm/calendar.js';
import { firmEndpointsOf, type PrintedSandbox } from '../../src/sandboxes/firm/estate-endpoints.js';
import { createFirmSimulator } from '../../src/sandboxes/firm/firm-simulator.js';
import { repoRoot, runHeavy } from './run-cli.js';

const launcher = path.join(repoRoot, 'bin/throughline.js');
const children = new Set<ChildProcess>();

/** Spawns `throughline <args>` and resolves with the child once a stdout line matches `ready`. */
function start(args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<{ child: ChildProcess; line: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [launcher, ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    child.on('exit', () => children.delete(child));
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${args[0]} not ready in 60 s: ${err.slice(-1000)}`)), 60_000);
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => ready.test(l));
      if (line) {
        clearTimeout(timer);
        resolve({ child, line });
      }
    });
    child.on('exit', (code) => reject(new Error(`${args[0]} exited with ${code}: ${err.slice(-1000)}`)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function killed(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

afterAll(async () => {
  for (const child of children) await killed(child, 'SIGKILL');
});

describe.skipIf(!runHeavy)('crash: SIGKILL the hub mid-run and restart it on the same data dir', () => {
  it('ends with NetSuite time bills equal to the PSA ground truth, nothing lost or doubled', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'throughline-crash-'));
    try {
      const estateProcess = await start(['sandbox', '--json', '--only', 'salesforce,netsuite,workday', '--seed', '5'], {}, /^\{/);
      const estate = JSON.parse(estateProcess.line) as { sandboxes: Record<string, PrintedSandbox> };
      const salesforce = estate.sandboxes.salesforce!;
      const netsuite = estate.sandboxes.netsuite!;
      const port = await freePort();
      const webhookSecret = `whsec_${randomBytes(24).toString('base64')}`;
      const env = {
        CRASH_SF_SECRET: salesforce.credentials.clientSecret!,
        CRASH_NS_KEY: netsuite.credentials.privateKeyPem!,
        CRASH_WEBHOOK_SECRET: webhookSecret,
      };
      const config = {
        database: { dataDir: path.join(dir, 'data') },
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

      const simulator = createFirmSimulator({ ...firmEndpointsOf(estate), seed: 5, days: 20, consultants: 6 });
      const startDate = simulator.options.startDate;
      for (let day = 0; day < 20; day++) {
        // Day 7 is a Monday: approvals flow in as webhooks; the kill lands while the hub is posting them.
        if (day === 8) await killed(hub.child, 'SIGKILL');
        await simulator.runDay(addDays(startDate, day));
        if (day === 11) hub = await serve();
      }
      const truth = simulator.groundTruth();

      const ledger = createNetSuiteConnector(
        { connection: config.connections[1] as never, privateKeyPem: netsuite.credentials.privateKeyPem! },
        { clock: systemClock },
      );
      const compare = async () => compareLedger({
        lines: truth.approvedLines, bills: await ledger.listTimeBills(),
        subjectOf: (line) => `time_entry:salesforce:${line.timecardId}:${line.workDate}`, explained: new Set(), ledgerIdsOf: () => ({}),
      });
      let comparison = await compare();
      const deadline = Date.now() + 180_000;
      while (comparison.mismatches.length > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        comparison = await compare();
      }
      await ledger.close();
      expect(truth.approvedLines.length).toBeGreaterThan(20);
      expect(comparison.mismatches).toEqual([]);
      expect(comparison.erp).toMatchObject({ timeBills: comparison.psa.approvedLines, hours: comparison.psa.approvedHours, billableAmount: comparison.psa.billableAmount });
      await killed(hub.child, 'SIGTERM');
      await killed(estateProcess.child, 'SIGTERM');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 400_000);
});
