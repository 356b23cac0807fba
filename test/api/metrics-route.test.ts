import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiServer } from '../../src/api/create-api-server.js';
import { createWebhookStats } from '../../src/api/webhooks/webhook-stats.js';
import type { ThroughlineDatabase } from '../../src/persistence/database.js';
import { NonRetryableError } from '../../src/runtime/errors.js';
import { defineFlowOf } from '../../src/runtime/flows/define-flow.js';
import { defineStep } from '../../src/runtime/flows/define-step.js';
import { createGovernor } from '../../src/runtime/governor/create-governor.js';
import { describeEachEngine } from '../support/engines.js';
import { parseExposition, valueOf } from '../support/prometheus-text.js';
import { eventFor, runtimeHarness } from '../runtime/support/runtime-harness.js';
import type { TestLineEvent } from '../runtime/support/test-events.js';

describeEachEngine('GET /metrics', (engine) => {
  let store: ThroughlineDatabase;
  beforeAll(async () => {
    store = await engine.open();
  });
  afterAll(async () => {
    await store.close();
  });

  it('serves the hub registry as Prometheus text: runs, exceptions with money at risk, governor, webhooks', async () => {
    const flow = defineFlowOf<TestLineEvent>()({
      id: 'route-ledger',
      on: ['test_line.approved'],
      key: (e) => e.subject,
      owners: { default: 'finance' },
      impact: (e) => ({ amount: e.data.amount, currency: e.data.currency }),
      steps: [defineStep({ id: 'post', invoke: async (e: TestLineEvent) => {
        if (e.data.key !== 'OK') throw new NonRetryableError(`Invalid project reference key ${e.data.key}`);
        return { posted: true };
      } })],
    });
    const { intake, worker, clock } = runtimeHarness(store, [flow]);
    await intake.ingest([eventFor('r', 1, 'OK'), eventFor('r', 2, 'BAD', { amount: '250.25', currency: 'GBP' })]);
    await worker.runUntilIdle();
    const governor = createGovernor({ clock, endpoints: { ledger: { maxConcurrency: 5 } }, processId: 'test', mode: 'local' });
    const stats = createWebhookStats();
    stats.add('psa', { received: 1, accepted: 1 });
    const app = await createApiServer({ store, intake, webhookHandlers: [], webhookSecrets: {}, clock, stats, governor });
    try {
      const response = await app.inject('/metrics');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      const samples = parseExposition(response.body);
      expect(valueOf(samples, 'throughline_flow_runs', { flow: 'route-ledger', status: 'completed' })).toBe(1);
      expect(valueOf(samples, 'throughline_flow_runs', { flow: 'route-ledger', status: 'failed' })).toBe(1);
      const exception = { flow: 'route-ledger', category: 'non_retryable', owner_domain: 'finance' };
      expect(valueOf(samples, 'throughline_exceptions_open', exception)).toBe(1);
      expect(valueOf(samples, 'throughline_exceptions_open_impact_amount', { ...exception, currency: 'GBP' })).toBe(250.25);
      expect(valueOf(samples, 'throughline_governor_slots_limit', { endpoint: 'ledger' })).toBe(5);
      expect(valueOf(samples, 'throughline_governor_slots_in_use', { endpoint: 'ledger' })).toBe(0);
      expect(valueOf(samples, 'throughline_webhooks_total', { connection: 'psa', outcome: 'accepted' })).toBe(1);
      expect(valueOf(samples, 'throughline_outbox_undelivered_messages')).toBe(0);
    } finally {
      await app.close();
      await governor.close();
    }
  });

  it('answers 500 rather than partial figures when the store fails', async () => {
    const broken = await engine.open();
    const { intake, clock } = runtimeHarness(broken, []);
    const app = await createApiServer({ store: broken, intake, webhookHandlers: [], webhookSecrets: {}, clock, stats: createWebhookStats() });
    try {
      expect((await app.inject('/metrics')).statusCode).toBe(200);
      await broken.close();
      expect((await app.inject('/metrics')).statusCode).toBe(500);
    } finally {
      await app.close();
    }
  });
});
