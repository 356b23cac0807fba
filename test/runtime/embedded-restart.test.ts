import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ThroughlineDatabase } from '../../src/persistence/database.js';
import { claimRuns } from '../../src/runtime/claims/claim-runs.js';
import { expireLeasesOfDeadProcess } from '../../src/runtime/claims/leases.js';
import { defineFlowOf } from '../../src/runtime/flows/define-flow.js';
import { defineStep } from '../../src/runtime/flows/define-step.js';
import { describeEachEngine } from '../support/engines.js';
import { eventFor, runtimeHarness } from './support/runtime-harness.js';
import type { TestLineEvent } from './support/test-events.js';

describeEachEngine('a restarted embedded hub takes over the runs its dead predecessor held', (engine) => {
  let store: ThroughlineDatabase;
  beforeAll(async () => {
    store = await engine.open();
  });
  afterAll(async () => {
    await store.close();
  });

  it('ends the dead process\'s leases at once: its runs complete without waiting out the lease, recovered as any expired lease is', async () => {
    const flow = defineFlowOf<TestLineEvent>()({
      id: 'restart', on: ['test_line.approved'], key: (e) => e.data.key,
      steps: [defineStep({ id: 'only', invoke: async (e: TestLineEvent) => ({ n: e.data.n }) })],
    });
    const leaseMs = 30_000;
    const { intake, worker, clock } = runtimeHarness(store, [flow], { leaseMs });
    await intake.ingest([eventFor('rs', 0), eventFor('rs', 1)]);
    const held = await claimRuns(store.db, { workerId: 'killed-process', limit: 2, now: clock.now(), leaseMs, flowIds: ['restart'] });
    expect(held).toHaveLength(2);
    // Before: the new worker finds nothing it may take until the lease runs out.
    expect(await worker.runUntilIdle()).toMatchObject({ claimed: 0 });

    expect(await expireLeasesOfDeadProcess(store.db, { now: clock.now() })).toBe(2);
    expect(await worker.runUntilIdle()).toMatchObject({ claimed: 2, completed: 2 });
    const runs = await store.db.selectFrom('tl_flow_run').select(['status', 'lease_owner']).where('flow_id', '=', 'restart').execute();
    expect(runs).toEqual([{ status: 'completed', lease_owner: null }, { status: 'completed', lease_owner: null }]);
    expect(await expireLeasesOfDeadProcess(store.db, { now: clock.now() })).toBe(0);
  });
});
