import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { binPath } from './run-throughline.js';

const dir = mkdtempSync(path.join(tmpdir(), 'throughline-worker-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Regression: `throughline worker` ran an empty flow registry, so a worker process never posted time.
it('runs the flows the configured connections enable (time-to-ledger) and stops gracefully on SIGTERM', async () => {
  writeFileSync(
    path.join(dir, 'throughline.yaml'),
    [
      'connections:',
      '  - id: salesforce',
      '    system: salesforce',
      '    baseUrl: http://127.0.0.1:9',
      '    auth: { type: oauth_client_credentials, clientId: throughline-hub, clientSecretEnv: WORKER_TEST_SF_SECRET }',
      '  - id: netsuite',
      '    system: netsuite',
      '    baseUrl: http://127.0.0.1:9',
      '    auth: { type: netsuite_jwt, clientId: c, certificateId: k, privateKeyEnv: WORKER_TEST_NS_KEY }',
      '',
    ].join('\n'),
  );
  const env: NodeJS.ProcessEnv = { ...process.env, WORKER_TEST_SF_SECRET: 's', WORKER_TEST_NS_KEY: 'unused-until-a-call', THROUGHLINE_DATA_DIR: path.join(dir, 'data') };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [binPath, 'worker'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  // "worker started" is logged once the signal handlers are installed and the claim loop runs.
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const lines = output.split('\n');
      const readyLine = lines.find((line) => line.includes('worker ready'));
      if (readyLine && lines.some((line) => line.includes('worker started'))) resolve(JSON.parse(readyLine) as Record<string, unknown>);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready:\n${output}`)));
  });
  const line = await ready;
  expect(line.flows).toEqual(['time-to-ledger']);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
}, 120_000);
