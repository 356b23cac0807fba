import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ThroughlineDatabase } from '../../src/persistence/database.js';
import { claimRuns } from '../../src/runtime/claims/claim-runs.js';
import { defineFlowOf } from '../../src/runtime/flows/define-flow.js';
import { defineStep } from '../../src/runtime/flows/define-step.js';
import { describeEachEngine } from '../support/engines.js';
import { eventFor, runtimeHarness } from './support/runtime-harness.js';
import type { TestLineEvent } from './support/test-events.js';

const on = ['test_line.approved'] as const;
const byKey = (e: TestLineEvent) => e.data.key;

describeEachEngine('runs that can never succeed fail alone', (engine) => {
  let store: ThroughlineDatabase;
  beforeAll(async () => {
    store = await engine.open();
  });
  afterAll(async () => {
    await store.close();
  });
  const runsOf = (flowId: string) => store.db.selectFrom('tl_flow_run').selectAll().where('flow_id', '=', flowId).orderBy('seq').execute();
  const exceptionsOf = (flowId: string) => store.db.selectFrom('tl_run_exception').selectAll().where('flow_id', '=', flowId).execute();

  it('a run whose input cannot be loaded becomes an exception; the rest of its claimed batch completes', async () => {
    const flow = defineFlowOf<TestLineEvent>()({
      id: 'lost-input',
      on: on,
      key: byKey,
      steps: [defineStep({ id: 'only', invoke: async (e: TestLineEvent) => ({ n: e.data.n }) })],
    });
    const { intake, worker } = runtimeHarness(store, [flow], { batchSize: 10 });
    await intake.ingest([0, 1, 2].map((i) => eventFor('p1', i)));
    // A replayed input version whose stored input is gone: the run cannot be resumed.
    const broken = (await runsOf('lost-input'))[1]!;
    await sql`update tl_flow_run set input_version = 2 where id = ${broken.id}`.execute(store.db);

    const summary = await worker.runUntilIdle();
    expect(summary).toMatchObject({ claimed: 3, completed: 2, failed: 1 });
    const runs = await runsOf('lost-input');
    expect(runs.map((r) => r.status)).toEqual(['completed', 'failed', 'completed']);
    const [exception] = await exceptionsOf('lost-input');
    expect(exception).toMatchObject({ run_id: broken.id, category: 'input_unavailable', status: 'open' });
    expect(exception!.message).toContain('input version 2 is missing');
    expect(await worker.runUntilIdle()).toMatchObject({ claimed: 0 });
  });

  it('a step that kills its worker every time ends as an exception after maxAttempts lost claims, not an endless loop', async () => {
    let invoked = 0;
    const flow = defineFlowOf<TestLineEvent>()({
      id: 'poison',
      on: on,
      key: byKey,
      steps: [
        defineStep({ id: 'first', invoke: async () => ({ ok: true }) }),
        defineStep({ id: 'crashes', retry: { maximumAttempts: 3 }, invoke: async () => ({ invoked: ++invoked }) }),
      ],
    });
    const leaseMs = 10_000;
    const { intake, worker, clock } = runtimeHarness(store, [flow], { leaseMs });
    await intake.ingest([eventFor('p2', 0), eventFor('p2', 1, 'other-key')]);
    const [poisoned, healthy] = await runsOf('poison');
    // The first step is recorded; then each worker that claims the run dies inside 'crashes' (claim
    // taken, lease never renewed, no outcome recorded).
    await sql`update tl_flow_run set current_step = 'crashes', step_outputs = '{"first":{"ok":true}}'::jsonb
               where id = ${poisoned!.id}`.execute(store.db);
    for (let crash = 1; crash <= 3; crash++) {
      const taken = await claimRuns(store.db, { workerId: `doomed-${crash}`, limit: 1, now: clock.now(), leaseMs, flowIds: ['poison'] });
      expect(taken.map((r) => r.id)).toEqual([poisoned!.id]);
      await clock.advance(leaseMs);
    }
    const before = invoked;
    const summary = await worker.runUntilIdle();
    expect(summary).toMatchObject({ failed: 1, completed: 1 });
    expect(invoked - before).toBe(1); // only the healthy run reached 'crashes'
    const runs = await runsOf('poison');
    expect(runs.find((r) => r.id === poisoned!.id)).toMatchObject({ status: 'failed', current_step: 'crashes', attempt: 3 });
    expect(runs.find((r) => r.id === healthy!.id)).toMatchObject({ status: 'completed' });
    const [exception] = await exceptionsOf('poison');
    expect(exception).toMatchObject({ run_id: poisoned!.id, category: 'worker_lost', step_id: 'crashes' });
    await clock.advance(leaseMs * 10);
    expect(await worker.runUntilIdle()).toMatchObject({ claimed: 0 });
  });

  it('a run taken over once from a dead worker still completes (one lost claim is one attempt, not a failure)', async () => {
    const flow = defineFlowOf<TestLineEvent>()({
      id: 'survivor',
      on: on,
      key: byKey,
      steps: [defineStep({ id: 'only', retry: { maximumAttempts: 2 }, invoke: async () => ({ ok: true }) })],
    });
    const leaseMs = 5_000;
    const { intake, worker, clock } = runtimeHarness(store, [flow], { leaseMs });
    await intake.ingest([eventFor('p3', 0)]);
    await claimRuns(store.db, { workerId: 'dead', limit: 1, now: clock.now(), leaseMs, flowIds: ['survivor'] });
    await clock.advance(leaseMs);
    expect(await worker.runUntilIdle()).toMatchObject({ claimed: 1, completed: 1 });
    expect((await runsOf('survivor'))[0]).toMatchObject({ status: 'completed', attempt: 0 });
  });
});
