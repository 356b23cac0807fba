import { register as globalRegistry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubMetrics } from '../../src/api/hub-metrics.js';
import { createWebhookStats } from '../../src/api/webhooks/webhook-stats.js';
import { runPollers } from '../../src/intake/run-pollers.js';
import { moneyAsSampleValue } from '../../src/observability/metrics.js';
import type { ThroughlineDatabase } from '../../src/persistence/database.js';
import { NonRetryableError } from '../../src/runtime/errors.js';
import { defineFlowOf } from '../../src/runtime/flows/define-flow.js';
import { defineStep } from '../../src/runtime/flows/define-step.js';
import { createGovernor } from '../../src/runtime/governor/create-governor.js';
import { enqueueOutbox } from '../../src/runtime/outbox/enqueue-outbox.js';
import { describeEachEngine } from '../support/engines.js';
import { parseExposition, valueOf } from '../support/prometheus-text.js';
import { eventFor, runtimeHarness } from '../runtime/support/runtime-harness.js';
import type { TestLineEvent } from '../runtime/support/test-events.js';

describeEachEngine('hub metrics (prom-client, read from the store at scrape time)', (engine) => {
  let store: ThroughlineDatabase;
  beforeAll(async () => {
    store = await engine.open();
  });
  afterAll(async () => {
    await store.close();
  });

  /** Posts only to known projects; anything else is a non-retryable exception worth the line's amount. */
  const known = new Set(['PRJ-OK', 'PRJ-LATER-1', 'PRJ-LATER-2']);
  const flow = defineFlowOf<TestLineEvent>()({
    id: 'metrics-ledger',
    on: ['test_line.approved'],
    key: (e) => e.subject,
    owners: { default: 'finance' },
    exceptionSlaMs: 60 * 60_000,
    impact: (e) => ({ amount: e.data.amount, currency: e.data.currency }),
    steps: [
      defineStep({
        id: 'post-time-bill',
        invoke: async (e: TestLineEvent) => {
          if (!known.has(e.data.key)) throw new NonRetryableError(`Invalid project reference key ${e.data.key}`, { vendorCode: 'INVALID_KEY_OR_REF' });
          return { posted: e.data.key };
        },
      }),
    ],
  });

  it('exposes runs, backlog, exceptions with money at risk, poller lag, outbox lag, governor slots and webhook counters', async () => {
    const { intake, worker, clock } = runtimeHarness(store, [flow]);
    // One completed run, three exceptions: 1234.56 + 0.44 USD and 99.90 EUR at risk.
    await intake.ingest([
      eventFor('m', 1, 'PRJ-OK'),
      eventFor('m', 2, 'PRJ-X1', { amount: '1234.56' }),
      eventFor('m', 3, 'PRJ-X2', { amount: '0.44' }),
      eventFor('m', 4, 'PRJ-X3', { amount: '99.90', currency: 'EUR' }),
    ]);
    await worker.runUntilIdle();

    // A poller pass (an empty page is still a successful read), then two runs left waiting.
    const pollers = runPollers({
      store, intake, clock,
      pollers: [{ id: 'psa:timecards', connection: 'psa', pollPage: async () => ({ events: [], echoesDropped: 0, ignored: 0, nextCheckpoint: 'c1', done: true }) }],
    });
    expect((await pollers.pollOnce())[0]).not.toHaveProperty('error');
    const polledAt = clock.now();
    await enqueueOutbox(store.db, [{ topic: 'time.posted', key: 'line:PRJ-OK', payload: { n: 1 } }], clock.now());
    await clock.advance(30_000);
    await intake.ingest([eventFor('m', 5, 'PRJ-LATER-1')]);
    await enqueueOutbox(store.db, [{ topic: 'time.posted', key: 'line:PRJ-OK', payload: { n: 2 } }], clock.now());
    await clock.advance(60_000);
    await intake.ingest([eventFor('m', 6, 'PRJ-LATER-2')]);
    await clock.advance(30_000);

    // A governor with one call holding a slot and one throttled call.
    const governor = createGovernor({ clock, endpoints: { 'netsuite-acct': { maxConcurrency: 4 } }, processId: 'test', mode: 'local' });
    let release!: () => void;
    const held = governor.run('netsuite-acct', () => new Promise<void>((resolve) => (release = resolve)));
    await expect(governor.run('netsuite-acct', async () => {
      throw Object.assign(new Error('429 Too Many Requests'), { details: { kind: 'rate_limit' } });
    })).rejects.toThrow(/429/);
    const governed = (await governor.snapshot()).endpoints[0]!;

    const stats = createWebhookStats();
    stats.add('salesforce', { received: 3, accepted: 2, refused: 1 });
    const registry = createHubMetrics({ store, clock, stats, governor });
    try {
      const text = await registry.metrics();
      const samples = parseExposition(text);
      const flowLabel = { flow: 'metrics-ledger' };

      expect(valueOf(samples, 'throughline_flow_runs', { ...flowLabel, status: 'completed' })).toBe(1);
      expect(valueOf(samples, 'throughline_flow_runs', { ...flowLabel, status: 'failed' })).toBe(3);
      expect(valueOf(samples, 'throughline_flow_runs', { ...flowLabel, status: 'pending' })).toBe(2);
      expect(valueOf(samples, 'throughline_flow_runs_due', flowLabel)).toBe(2);
      expect(valueOf(samples, 'throughline_flow_oldest_due_run_age_seconds', flowLabel)).toBe(90);

      const exceptionLabels = { ...flowLabel, category: 'non_retryable', owner_domain: 'finance' };
      expect(valueOf(samples, 'throughline_exceptions_open', exceptionLabels)).toBe(3);
      expect(valueOf(samples, 'throughline_exceptions_open_impact_amount', { ...exceptionLabels, currency: 'USD' })).toBe(1235);
      expect(valueOf(samples, 'throughline_exceptions_open_impact_amount', { ...exceptionLabels, currency: 'EUR' })).toBe(99.9);

      const pollerLabels = { poller: 'psa:timecards', connection: 'psa' };
      expect(valueOf(samples, 'throughline_poller_last_success_timestamp_seconds', pollerLabels)).toBe(polledAt.getTime() / 1000);
      expect(valueOf(samples, 'throughline_poller_lag_seconds', pollerLabels)).toBe(120);

      expect(valueOf(samples, 'throughline_outbox_undelivered_messages')).toBe(2);
      expect(valueOf(samples, 'throughline_outbox_oldest_undelivered_message_age_seconds')).toBe(120);

      const endpoint = { endpoint: 'netsuite-acct' };
      expect(valueOf(samples, 'throughline_governor_slots_in_use', endpoint)).toBe(1);
      expect(valueOf(samples, 'throughline_governor_slots_max', endpoint)).toBe(4);
      expect(valueOf(samples, 'throughline_governor_slots_limit', endpoint)).toBe(governed.limit);
      expect(governed.limit).toBeLessThan(4); // the throttle made the adaptive limit back off
      expect(valueOf(samples, 'throughline_governor_throttled_calls_total', endpoint)).toBe(1);
      expect(valueOf(samples, 'throughline_governor_waiting_calls', endpoint)).toBe(0);

      expect(valueOf(samples, 'throughline_webhooks_total', { connection: 'salesforce', outcome: 'received' })).toBe(3);
      expect(valueOf(samples, 'throughline_webhooks_total', { connection: 'salesforce', outcome: 'accepted' })).toBe(2);
      expect(valueOf(samples, 'throughline_webhooks_total', { connection: 'salesforce', outcome: 'refused' })).toBe(1);
      expect(text).toContain('# TYPE throughline_webhooks_total counter');
      expect(text).toContain('# TYPE throughline_governor_throttled_calls_total counter');
      expect(text).toContain('# TYPE throughline_flow_runs gauge');

      // Read at scrape time: the backlog drains and the lag grows without anything telling the registry.
      await worker.runUntilIdle();
      release();
      await held;
      await clock.advance(15_000);
      const after = parseExposition(await registry.metrics());
      expect(valueOf(after, 'throughline_flow_runs', { ...flowLabel, status: 'completed' })).toBe(3);
      expect(valueOf(after, 'throughline_flow_runs', { ...flowLabel, status: 'pending' })).toBeUndefined();
      expect(valueOf(after, 'throughline_flow_runs_due', flowLabel)).toBe(0);
      expect(valueOf(after, 'throughline_flow_oldest_due_run_age_seconds', flowLabel)).toBe(0);
      expect(valueOf(after, 'throughline_poller_lag_seconds', pollerLabels)).toBe(135);
      expect(valueOf(after, 'throughline_governor_slots_in_use', endpoint)).toBe(0);
    } finally {
      await governor.close();
    }
  });

  it('resolved exceptions leave the gauges; every hub has its own registry, never the global one', async () => {
    await store.db.updateTable('tl_run_exception').set({ status: 'resolved' }).where('impact_currency', '=', 'EUR').execute();
    const { clock } = runtimeHarness(store, [flow]);
    const first = createWebhookStats();
    const second = createWebhookStats();
    first.add('salesforce', { accepted: 5 });
    second.add('salesforce', { accepted: 7 });
    const registries = [createHubMetrics({ store, clock, stats: first }), createHubMetrics({ store, clock, stats: second })];
    const [a, b] = await Promise.all(registries.map(async (registry) => parseExposition(await registry.metrics())));
    expect(valueOf(a!, 'throughline_webhooks_total', { connection: 'salesforce', outcome: 'accepted' })).toBe(5);
    expect(valueOf(b!, 'throughline_webhooks_total', { connection: 'salesforce', outcome: 'accepted' })).toBe(7);
    const exceptionLabels = { flow: 'metrics-ledger', category: 'non_retryable', owner_domain: 'finance' };
    expect(valueOf(a!, 'throughline_exceptions_open', exceptionLabels)).toBe(2);
    expect(valueOf(a!, 'throughline_exceptions_open_impact_amount', { ...exceptionLabels, currency: 'EUR' })).toBeUndefined();
    // No governor given: no governor series.
    expect(a!.some((s) => s.name.startsWith('throughline_governor_'))).toBe(false);
    expect(await globalRegistry.metrics()).not.toContain('throughline_');
  });
});

describe('moneyAsSampleValue (the one place a decimal amount becomes a float)', () => {
  it('converts decimal strings and refuses anything else', () => {
    expect(moneyAsSampleValue('1235.00')).toBe(1235);
    expect(moneyAsSampleValue('-0.44')).toBe(-0.44);
    expect(() => moneyAsSampleValue('12,50')).toThrow(/not a decimal amount/);
  });
});
