import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../../bin/throughline.js', import.meta.url));

interface EstateSummary {
  sandboxes: Record<string, { baseUrl: string; adminUrl: string; credentials: Record<string, string> }>;
  clock: string;
}

/** Collects stdout until the first complete line (bounded by a deadline: the child starts tsx from scratch). */
function firstLine(child: ReturnType<typeof spawn>, deadlineMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`no output line within ${deadlineMs} ms`)), deadlineMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const newline = buffered.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        resolve(buffered.slice(0, newline));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sandbox command exited early with ${code}`));
    });
  });
}

describe('throughline sandbox', () => {
  it('prints the estate as one JSON line, serves until SIGTERM, then stops cleanly', { timeout: 90_000 }, async () => {
    const child = spawn(process.execPath, [bin, 'sandbox', '--json', '--seed', '3'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const summary = JSON.parse(await firstLine(child, 60_000)) as EstateSummary;
      expect(Object.keys(summary.sandboxes).sort()).toEqual(['anaplan', 'netsuite', 'salesforce', 'workday']);
      const ports = new Set(Object.values(summary.sandboxes).map((sandbox) => new URL(sandbox.baseUrl).port));
      expect(ports.size).toBe(4);

      // The printed URLs and credentials work: the Salesforce token endpoint accepts the printed client.
      const salesforce = summary.sandboxes.salesforce!;
      const token = await fetch(`${salesforce.baseUrl}/services/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: salesforce.credentials.clientId!, client_secret: salesforce.credentials.clientSecret! }),
      });
      expect(token.status).toBe(200);
      const clock = await fetch(`${summary.sandboxes.workday!.adminUrl}/clock`);
      expect(clock.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/sandboxes stopped \(SIGTERM\)/);
  });

  it('--simulate runs the firm simulator first and writes its ground truth', { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'throughline-sim-'));
    const file = path.join(dir, 'truth.json');
    const args = [bin, 'sandbox', '--json', '--only', 'salesforce,workday', '--simulate', '--days', '14', '--consultants', '3', '--seed', '5', '--ground-truth', file];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const summary = JSON.parse(await firstLine(child, 100_000)) as EstateSummary & { simulation: { endDate: string; approvedLines: number } };
      expect(summary.simulation.endDate).toBe('2026-01-18');
      const truth = JSON.parse(await readFile(file, 'utf8')) as { seed: number; approvedLines: unknown[] };
      expect(truth.seed).toBe(5);
      expect(truth.approvedLines.length).toBe(summary.simulation.approvedLines);
      expect(truth.approvedLines.length).toBeGreaterThan(0);
      // The estate keeps serving the simulated firm's records.
      const records = (await (await fetch(`${summary.sandboxes.salesforce!.adminUrl}/records/pse__Timecard_Header__c`)).json()) as unknown[];
      expect(records.length).toBeGreaterThan(0);
    } finally {
      child.kill('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    }
    expect(await exited).toBe(0);
  });

  it('refuses an unknown sandbox name with exit status 2', { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, [bin, 'sandbox', '--only', 'salesforce,sap'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (status) => resolve(status)));
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown sandbox "sap"/);
  });
});
