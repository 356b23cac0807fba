import { expect, it } from 'vitest';
import { defineFlowOf } from '../../src/runtime/flows/define-flow.js';
import { defineStep } from '../../src/runtime/flows/define-step.js';
import { createWorker } from '../../src/runtime/worker/create-worker.js';
import { describeEachEngine } from '../support/engines.js';
import { waitFor } from '../support/wait-for.js';
import { eventFor, runtimeHarness } from './support/runtime-harness.js';
import type { TestLineEvent } from './support/test-events.js';

describeEachEngine('worker lifecycle', (engine) => {
  it('stop() lets the step in flight finish and checkpoint, releases the rest, and another worker resumes', async () => {
    const store = await engine.open();
    try {
      const invoked: string[] = [];
      let openGate: () => void = () => {};
      const gate = new Promise<void>((resolve) => (openGate = resolve));
      const flow = defineFlowOf<TestLineEvent>()({
        id: 'graceful',
        on: ['test_line.approved'],
        key: (e) => e.data.key,
        steps: [
          defineStep({
            id: 'a',
            invoke: async () => {
              invoked.push('a');
              await gate;
              return { a: true };
            },
          }),
          defineStep({ id: 'b', invoke: async () => void invoked.push('b') }),
        ],
      });
      const { intake, worker, clock, registry } = runtimeHarness(store, [flow]);
      await intake.ingest([eventFor('g', 1)]);
      worker.start();
      await waitFor(() => invoked.length === 1, { what: 'the started worker to invoke step a' });
      const stopping = worker.stop();
      openGate();
      await stopping;
      const run = await store.db.selectFrom('tl_flow_run').selectAll().where('flow_id', '=', 'graceful').executeTakeFirstOrThrow();
      expect(run).toMatchObject({ status: 'pending', current_step: 'b', lease_owner: null });
      const other = createWorker({ store, clock, flows: registry, workerId: 'other' });
      expect(await other.runUntilIdle()).toMatchObject({ completed: 1 });
      expect(invoked).toEqual(['a', 'b']);
    } finally {
      await store.close();
    }
  });
});
