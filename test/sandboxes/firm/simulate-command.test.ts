import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEstate } from '../../../src/sandboxes/estate.js';
import { simulationClock } from '../../../src/sandboxes/firm/run-simulation.js';

const bin = fileURLToPath(new URL('../../../bin/throughline.js', import.meta.url));

/** Runs the CLI to completion (bounded: the child starts tsx from scratch). */
function runCli(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`throughline ${args.join(' ')} did not finish in time; stderr: ${stderr}`));
    }, 100_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('throughline simulate', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'throughline-simulate-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('starts a fresh estate, shows progress on stderr, writes .throughline/ground-truth-<seed>.json and prints a summary', { timeout: 120_000 }, async () => {
    const { code, stdout, stderr } = await runCli(['simulate', '--seed', '5', '--days', '14', '--consultants', '3', '--json'], dir);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/simulated 14\/14 days \(2026-01-18\)/);
    const summary = JSON.parse(stdout) as { seed: number; endDate: string; approvedLines: number; deals: number; groundTruthFile: string; expectedInvoices: number };
    expect(summary).toMatchObject({ seed: 5, endDate: '2026-01-18', groundTruthFile: path.join('.throughline', 'ground-truth-5.json') });
    const truth = JSON.parse(await readFile(path.join(dir, '.throughline', 'ground-truth-5.json'), 'utf8')) as { seed: number; approvedLines: unknown[]; deals: unknown[]; projects: Array<{ expectedInvoices: unknown[] }> };
    expect(truth.seed).toBe(5);
    expect(truth.approvedLines.length).toBe(summary.approvedLines);
    expect(truth.approvedLines.length).toBeGreaterThan(0);
    expect(truth.deals.length).toBe(summary.deals);
    expect(truth.projects.flatMap((p) => p.expectedInvoices).length).toBe(summary.expectedInvoices);

    // Same seed, same days: byte-identical ground truth, here through the human-readable output.
    const again = await runCli(['simulate', '--seed', '5', '--days', '14', '--consultants', '3', '--ground-truth', 'again.json', '--quiet'], dir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(/simulated/);
    expect(again.stdout).toMatch(/Simulated 14 days \(2026-01-05 \.\. 2026-01-18\), seed 5/);
    expect(await readFile(path.join(dir, 'again.json'), 'utf8')).toBe(await readFile(path.join(dir, '.throughline', 'ground-truth-5.json'), 'utf8'));
  });

  it('drives an already running estate described by --estate-json', { timeout: 120_000 }, async () => {
    const estate = await startEstate({ only: ['salesforce', 'workday'], clock: simulationClock('2026-01-05') });
    try {
      const printed = {
        sandboxes: Object.fromEntries(Object.entries(estate.sandboxes).map(([name, s]) => [name, { baseUrl: s!.baseUrl, adminUrl: s!.adminUrl, credentials: s!.credentials }])),
        clock: estate.clock.now().toISOString(),
      };
      await writeFile(path.join(dir, 'estate.json'), `${JSON.stringify(printed)}\n`);
      const { code, stdout, stderr } = await runCli(['simulate', '--estate-json', 'estate.json', '--seed', '9', '--days', '7', '--consultants', '2', '--json', '--ground-truth', 'running.json'], dir);
      expect(code, stderr).toBe(0);
      expect((JSON.parse(stdout) as { endDate: string }).endDate).toBe('2026-01-11');
      const opportunities = (await (await fetch(`${estate.sandboxes.salesforce!.adminUrl}/records/Opportunity`)).json()) as unknown[];
      const truth = JSON.parse(await readFile(path.join(dir, 'running.json'), 'utf8')) as { deals: unknown[] };
      expect(opportunities.length).toBeGreaterThanOrEqual(truth.deals.length);
      expect(truth.deals.length).toBeGreaterThan(0);
    } finally {
      await estate.stop();
    }
  });

  it('refuses bad flags and a file that is not an estate with a usage error', { timeout: 60_000 }, async () => {
    await writeFile(path.join(dir, 'not-estate.json'), '{"hello":1}\n');
    const bad = await runCli(['simulate', '--estate-json', 'not-estate.json'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--estate-json: .* is not an estate description/);
    const date = await runCli(['simulate', '--start-date', '05/01/2026'], dir);
    expect(date.code).toBe(2);
    expect(date.stderr).toMatch(/--start-date must be a YYYY-MM-DD date/);
  });
});
