// The time-to-ledger benchmark runs end to end on a small firm: every record posted once, one
// outcome event each, projects and workers provisioned once, time bills batched.
import { describe, expect, it } from 'vitest';
import { runTimeToLedgerScenario } from '../../../src/main/bench/time-to-ledger-scenario.js';

describe('time-to-ledger benchmark scenario', () => {
  it('posts every record through the hub to the NetSuite sandbox and reports its figures', async () => {
    const result = await runTimeToLedgerScenario({ records: 120, projects: 6, workers: 5, ingestBatch: 50, vendorLatencyMs: 1, progress: () => undefined });
    expect(result).toMatchObject({ engine: 'pglite', completedRuns: 120, timeBills: 120, timePostedEvents: 120 });
    expect(result.recordsPerSecond).toBeGreaterThan(0);
    expect(result.latencyMs.p50).toBeGreaterThan(0);
    expect(result.latencyMs.p95).toBeGreaterThanOrEqual(result.latencyMs.p50);
    expect(result.latencyMs.p99).toBeGreaterThanOrEqual(result.latencyMs.p95);
    // Identity: each project and worker read from the PSA once, not once per record; time bills in batches.
    expect(result.vendorCalls.sandbox.salesforce).toBeLessThan(120);
    expect(result.vendorCalls.timeBillBatches).toBeGreaterThan(0);
    expect(result.vendorCalls.timeBillBatches).toBeLessThan(120);
    expect(result.peakRssMiB).toBeGreaterThan(0);
    expect(result.peakHeapMiB).toBeGreaterThan(0);
  }, 120_000);
});
