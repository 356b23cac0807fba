import { describe, expect, it } from 'vitest';
import type { DemoSummary } from '../../src/main/demo.js';
import { runCli, runHeavy } from './run-cli.js';

const args = ['demo', '--json', '--days', '20', '--seed', '3', '--consultants', '8'];

describe.skipIf(!runHeavy)('npm run demo (spawned CLI)', () => {
  let clean: DemoSummary;

  it('a clean run: PSA approved time and NetSuite time bills agree, exit 0, with calls per posted bill and the batch path', async () => {
    const result = await runCli(args);
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    clean = JSON.parse(result.stdout) as DemoSummary;
    expect(clean.agree).toBe(true);
    expect(clean.psa.approvedLines).toBeGreaterThan(20);
    expect(clean.erp).toMatchObject({ timeBills: clean.psa.approvedLines - clean.exceptions.explainedLines, hours: expect.any(String) });
    expect(clean.duplicates).toBe(0);
    expect(clean.erp.batchUpsertCalls).toBeGreaterThan(0);
    expect(clean.callsPerPostedTimeBill).toBeGreaterThan(0);
    expect(clean.callsPerPostedTimeBill!).toBeLessThan(5);
    for (const tokens of Object.values(clean.tokens)) expect(tokens.onePerLifetime).toBe(true);
    for (const e of clean.exceptions.topReasons) expect(e.example.length).toBeGreaterThan(0);
  }, 300_000);

  it('the same seed under faults (5xx, 429 storms, timeout-after-commit, duplicate and out-of-order webhooks) ends with identical time bills and 0 duplicates', async () => {
    const result = await runCli([...args, '--faults']);
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    const faulty = JSON.parse(result.stdout) as DemoSummary;
    expect(faulty.agree).toBe(true);
    expect(faulty.duplicates).toBe(0);
    expect(faulty.psa).toEqual(clean.psa);
    expect({ timeBills: faulty.erp.timeBills, hours: faulty.erp.hours, billableAmount: faulty.erp.billableAmount })
      .toEqual({ timeBills: clean.erp.timeBills, hours: clean.erp.hours, billableAmount: clean.erp.billableAmount });
    // The faults really happened: replayed (duplicate) webhooks were refused and NetSuite answered with errors.
    expect((faulty.webhooks.salesforce as { redeliveries: number }).redeliveries).toBeGreaterThan(0); // duplicate deliveries: answered 200, taken once
    const netsuite = faulty.calls.netsuite!;
    const failures = Object.entries(netsuite.byStatus).filter(([status]) => Number(status) >= 429).reduce((t, [, n]) => t + n, 0) + netsuite.networkErrors;
    expect(failures).toBeGreaterThan(0);
    for (const tokens of Object.values(faulty.tokens)) expect(tokens.onePerLifetime).toBe(true);
  }, 300_000);
});
