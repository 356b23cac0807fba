import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { netSuiteEndpointBudget } from '../../../src/connectors/netsuite/index.js';
import { systemClock } from '../../../src/runtime/clock.js';
import { createGovernor } from '../../../src/runtime/governor/create-governor.js';
import { sampleClient, startConnectorHarness, type ConnectorHarness } from './support/harness.js';

const latency = { rules: [{ match: { path: '^/services/rest/record' }, latencyMs: { min: 20, max: 40 } }] };

describe('NetSuite account concurrency (tier standard: 5)', () => {
  let h: ConnectorHarness;
  beforeAll(async () => {
    h = await startConnectorHarness({ concurrency: { tier: 'standard' }, faults: latency, seed: 11 });
    // Warm the token and reference lookups so the parallel burst is record calls only.
    await h.connector.ledger.upsertCustomer(sampleClient('Warm-up'));
  });
  afterAll(() => h.stop());

  it('without a governor, 20 parallel calls hit CONCURRENCY_LIMIT_EXCEEDED, classified as a short throttle', async () => {
    h.sandbox.pool.resetStats();
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, n) => h.connector.ledger.upsertCustomer(sampleClient(`Burst ${n}`))));
    const rejected = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as { name: string; details: Record<string, unknown>; retryAt: Date }] : []));
    expect(rejected.length).toBeGreaterThan(0);
    for (const error of rejected) {
      expect(error).toMatchObject({ name: 'RetryAfterError', details: { kind: 'concurrency_limit', vendorCode: 'CONCURRENCY_LIMIT_EXCEEDED', status: 429 } });
      expect(error.retryAt.getTime() - Date.now()).toBeLessThan(1_000);
    }
  });

  it('with the governor sized to the tier, 20 parallel calls all succeed and never exceed the pool', async () => {
    const governor = createGovernor({
      clock: systemClock, mode: 'local', processId: 'test',
      endpoints: { netsuite: netSuiteEndpointBudget(h.config.connection) },
      retryOnThrottle: { budgetMs: 30_000, initialBackoffMs: 10, maxBackoffMs: 200 },
    });
    expect(netSuiteEndpointBudget(h.config.connection).maxConcurrency).toBe(5);
    const governed = h.connect({}, { governor });
    await governed.ledger.upsertCustomer(sampleClient('Governed warm-up'));
    h.sandbox.pool.resetStats();
    const refs = await Promise.all(Array.from({ length: 20 }, (_, n) => governed.ledger.upsertCustomer(sampleClient(`Governed ${n}`))));
    expect(new Set(refs.map((r) => r.id)).size).toBe(20);
    expect(h.sandbox.pool.stats().rejected).toBe(0);
    expect(h.sandbox.pool.stats().peak).toBeLessThanOrEqual(5);
  });

  it('when the account is busier than configured (pool 3, budget 5), throttled calls back off and all succeed', async () => {
    const governor = createGovernor({
      clock: systemClock, mode: 'local', processId: 'test',
      endpoints: { netsuite: netSuiteEndpointBudget(h.config.connection) },
      retryOnThrottle: { budgetMs: 30_000, initialBackoffMs: 10, maxBackoffMs: 200 },
    });
    const governed = h.connect({}, { governor });
    await governed.ledger.upsertCustomer(sampleClient('Busy warm-up'));
    h.sandbox.pool.limit = 3;
    h.sandbox.pool.resetStats();
    try {
      const refs = await Promise.all(Array.from({ length: 20 }, (_, n) => governed.ledger.upsertCustomer(sampleClient(`Busy ${n}`))));
      expect(new Set(refs.map((r) => r.id)).size).toBe(20);
      expect(h.sandbox.pool.stats().rejected).toBeGreaterThan(0);
      const snapshot = await governor.snapshot();
      expect(snapshot.endpoints[0]!.throttles).toBeGreaterThan(0);
    } finally {
      h.sandbox.pool.limit = 5;
    }
  });
});
