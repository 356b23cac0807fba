import { expect, it } from 'vitest';
import { defineFlowOf } from '../../src/runtime/flows/define-flow.js';
import { defineStep } from '../../src/runtime/flows/define-step.js';
import { RUNS_READY_CHANNEL } from '../../src/runtime/runs/runs-ready.js';
import { describeEachEngine } from '../support/engines.js';
import { pollUntil } from './support/child-worker.js';
import { eventFor, runtimeHarness } from './support/runtime-harness.js';
import type { TestLineEvent } from './support/test-events.js';

const hourOfPolling = 60 * 60_000;

describeEachEngine('worker wake-up on committed work', (engine) => {
  it('an idle worker runs newly ingested events at once, without waiting out its poll interval', async () => {
    const store = await engine.open();
    const completed: string[] = [];
    const flow = defineFlowOf<TestLineEvent>()({
      id: 'wake',
      on: ['test_line.approved'],
      key: (e) => e.data.key,
      steps: [defineStep({ id: 'only', invoke: async (e) => void completed.push(e.data.key) })],
    });
    // The manual clock never advances here: a worker that only polled would sleep for the whole hour.
    const { intake, worker } = runtimeHarness(store, [flow], { pollIntervalMs: hourOfPolling });
    const notifications: string[] = [];
    const unlisten = await store.listen(RUNS_READY_CHANNEL, (payload) => notifications.push(payload));
    try {
      worker.start();
      await intake.ingest([eventFor('w1', 1, 'k1'), eventFor('w2', 1, 'k2')]);
      await pollUntil(() => completed.length === 2, 10_000, 'the first batch to run');
      await intake.ingest([eventFor('w3', 1, 'k3')]);
      await pollUntil(() => completed.length === 3, 10_000, 'the second batch to run');
      expect(completed.sort()).toEqual(['k1', 'k2', 'k3']);
      expect(notifications.length).toBeGreaterThanOrEqual(2);
    } finally {
      await worker.stop();
      await unlisten();
      await store.close();
    }
  });

  it('a worker that starts while another transaction is open still hears later commits after that transaction rolls back', async () => {
    const store = await engine.open();
    const completed: string[] = [];
    const flow = defineFlowOf<TestLineEvent>()({
      id: 'wake-after-rollback',
      on: ['test_line.approved'],
      key: (e) => e.data.key,
      steps: [defineStep({ id: 'only', invoke: async (e) => void completed.push(e.data.key) })],
    });
    const { intake, worker } = runtimeHarness(store, [flow], { pollIntervalMs: hourOfPolling });
    try {
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      const rolledBack = store.db
        .transaction()
        .execute(async (trx) => {
          await trx.selectFrom('tl_flow_run').select('id').limit(1).execute();
          worker.start(); // starts listening while this transaction is open
          await held;
          throw new Error('roll back');
        })
        .catch(() => undefined);
      release();
      await rolledBack;
      await intake.ingest([eventFor('rb', 1, 'k1')]);
      await pollUntil(() => completed.length === 1, 10_000, 'the run after the rolled-back transaction');
      expect(completed).toEqual(['k1']);
    } finally {
      await worker.stop();
      await store.close();
    }
  });

  it('an ingest that rolls back sends no notification', async () => {
    const store = await engine.open();
    const flow = defineFlowOf<TestLineEvent>()({
      id: 'wake-rollback',
      on: ['test_line.approved'],
      key: (e) => e.data.key,
      steps: [defineStep({ id: 'only', invoke: async () => ({}) })],
    });
    const { intake } = runtimeHarness(store, [flow]);
    const notifications: string[] = [];
    const unlisten = await store.listen(RUNS_READY_CHANNEL, (payload) => notifications.push(payload));
    try {
      await expect(
        store.db.transaction().execute(async (trx) => {
          await intake.ingest([eventFor('r1', 1, 'k1')], { trx });
          throw new Error('caller rolls back');
        }),
      ).rejects.toThrow('caller rolls back');
      await intake.ingest([eventFor('r2', 1, 'k2')]);
      // The committed ingest's notification arrives; the rolled-back one never does.
      await pollUntil(() => notifications.length >= 1, 10_000, 'the committed notification');
      expect(notifications).toHaveLength(1);
    } finally {
      await unlisten();
      await store.close();
    }
  });
});
