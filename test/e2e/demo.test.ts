// Regression (issue 9 item 8): the demo agreed when it compared nothing, any open exception explained
// any missing line, and the faults test leaned on the clean test's result. Each test here stands
// alone and is judged against its own ground truth. The quarter (90 days, 30 consultants) moved to
// quarter.test.ts, on the shared simulated quarter (simulated once per test run, issue 10 item 7).
import { describe, expect, it } from 'vitest';
import type { DemoSummary } from '../../src/main/demo.js';
import { runCli, runHeavy } from './run-cli.js';

const args = ['demo', '--json', '--days', '20', '--seed', '3', '--consultants', '8'];

/** What every agreeing demo shows: something compared, the ledger equal to what must post, exceptions exactly as predicted. */
function expectAgreementWithGroundTruth(summary: DemoSummary): void {
  expect(summary.agree).toBe(true);
  expect(summary.psa.approvedLines).toBeGreaterThan(20);
  expect(summary.mismatches).toEqual({ count: 0, first: [] });
  expect(summary.duplicates).toBe(0);
  expect(summary.runs.stillRunnable).toBe(0);
  expect({ timeBills: summary.erp.timeBills, hours: summary.erp.hours, billableAmount: summary.erp.billableAmount })
    .toEqual({ timeBills: summary.expectedPosted.approvedLines, hours: summary.expectedPosted.approvedHours, billableAmount: summary.expectedPosted.billableAmount });
  // The firm's dirt makes the hub hold lines; the check means something only when some are predicted.
  expect(summary.expectedExceptions.count).toBeGreaterThan(0);
  expect(summary.exceptions.byCategory).toEqual(summary.expectedExceptions.byCategory);
  expect(summary.exceptions.count).toBe(summary.expectedExceptions.count);
  expect(summary.psa.approvedLines).toBe(summary.expectedPosted.approvedLines + summary.expectedExceptions.count);
  for (const tokens of Object.values(summary.tokens)) expect(tokens.onePerLifetime).toBe(true);
}

describe.skipIf(!runHeavy)('npm run demo (spawned CLI)', () => {
  it('a clean run: NetSuite holds exactly the lines the ground truth says must post, the hub holds exactly the predicted exceptions, exit 0', async () => {
    const result = await runCli(args);
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    const clean = JSON.parse(result.stdout) as DemoSummary;
    expectAgreementWithGroundTruth(clean);
    expect(clean.erp.batchUpsertCalls).toBeGreaterThan(0);
    expect(clean.callsPerPostedTimeBill).toBeGreaterThan(0);
    expect(clean.callsPerPostedTimeBill!).toBeLessThan(5);
    for (const e of clean.exceptions.topReasons) expect(e.example.length).toBeGreaterThan(0);
  }, 300_000);

  it('under faults (5xx, 429 storms, timeout-after-commit, duplicate and out-of-order webhooks) the same agreement holds, with 0 duplicates', async () => {
    const result = await runCli([...args, '--faults']);
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    const faulty = JSON.parse(result.stdout) as DemoSummary;
    expectAgreementWithGroundTruth(faulty);
    // The faults really happened: redelivered webhooks were answered as duplicates and NetSuite answered with errors.
    expect((faulty.webhooks.salesforce as { redeliveries: number }).redeliveries).toBeGreaterThan(0);
    const netsuite = faulty.calls.netsuite!;
    const failures = Object.entries(netsuite.byStatus).filter(([status]) => Number(status) >= 429).reduce((t, [, n]) => t + n, 0) + netsuite.networkErrors;
    expect(failures).toBeGreaterThan(0);
  }, 300_000);

  it('a period that approves no time compares nothing and fails, exit 1', async () => {
    const result = await runCli(['demo', '--json', '--days', '1', '--seed', '3', '--consultants', '2']);
    expect(result.code).toBe(1);
    const summary = JSON.parse(result.stdout) as DemoSummary;
    expect(summary.psa.approvedLines).toBe(0);
    expect(summary.agree).toBe(false);
    expect(result.stderr).toContain('nothing to compare');
  }, 120_000);
});
