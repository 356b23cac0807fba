import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventDefinitions } from '../../../src/canonical/events/index.js';
import { createIntake, type Intake } from '../../../src/intake/create-intake.js';
import type { Poller } from '../../../src/intake/inbound-source.js';
import { loadCheckpoint, runPollers } from '../../../src/intake/run-pollers.js';
import type { ThroughlineDatabase } from '../../../src/persistence/database.js';
import { createFlowRegistry } from '../../../src/runtime/flows/flow-registry.js';
import { describeEachEngine } from '../../support/engines.js';
import { hire, sharedClock, startWorkdayHarness, type WorkdayHarness } from './support/harness.js';

/** A poller whose process dies (throws) when it is about to read its `killAt`-th page. */
function dyingAfter(poller: Poller, killAt: number): Poller {
  let pages = 0;
  return {
    id: poller.id,
    connection: poller.connection,
    async pollPage(checkpoint) {
      if (++pages === killAt) throw new Error('process killed');
      return poller.pollPage(checkpoint);
    },
  };
}

describeEachEngine('Workday worker deltas through intake', (engine) => {
  let store: ThroughlineDatabase;
  let intake: Intake;
  let h: WorkdayHarness;
  beforeAll(async () => {
    h = await startWorkdayHarness({ config: { pageSize: 3 } });
    store = await engine.open();
    intake = createIntake({ store, clock: sharedClock(h.clock), definitions: Object.values(eventDefinitions), flows: createFlowRegistry([]) });
  });
  afterAll(async () => {
    await store.close();
    await h.stop();
  });
  const workerEvents = () => store.db.selectFrom('tl_event').select(['type', 'source_id', 'source_version']).where('source', '=', 'workday').execute();

  it('ingests every page with its checkpoint, and after a kill mid-window resumes there with nothing lost or repeated', async () => {
    for (let i = 0; i < 7; i++) {
      h.clock.advance(1_000);
      await h.admin('/workers', hire({ firstName: `Hire${i}`, email: `hire${i}@throughline.example` }));
    }
    h.clock.advance(60_000);
    const clock = sharedClock(h.clock);
    const first = h.connect();
    // Twelve workers, three a page: the process dies before reading page 3.
    const [killed] = await runPollers({ store, pollers: [dyingAfter(first.pollers[0]!, 3)], intake, clock }).pollOnce();
    expect(killed).toMatchObject({ pages: 2, accepted: 6, error: 'process killed' });
    expect(JSON.parse((await loadCheckpoint(store, first.pollers[0]!.id))!)).toMatchObject({ page: 3 });

    h.clock.advance(60_000);
    await h.admin('/workers/21001/termination', { terminationDate: '2026-06-30' });
    h.clock.advance(60_000);
    const restarted = h.connect();
    const runner = runPollers({ store, pollers: restarted.pollers, intake, clock });
    const [resumed] = await runner.pollOnce();
    // Pages 3 and 4 of the interrupted window only.
    expect(resumed).toMatchObject({ pages: 2, accepted: 6, duplicates: 0, rejected: 0 });
    const [next] = await runner.pollOnce();
    expect(next).toMatchObject({ pages: 1, accepted: 1, duplicates: 0 });

    const events = await workerEvents();
    expect(events.filter((e) => e.type === 'worker.hired')).toHaveLength(12);
    expect(new Set(events.filter((e) => e.type === 'worker.hired').map((e) => e.source_id)).size).toBe(12);
    expect(events.filter((e) => e.type === 'worker.terminated').map((e) => e.source_id)).toEqual([h.sandbox.store.find('21001')!.wid]);

    // A window re-read from scratch (a lost checkpoint) only yields duplicates. Regression: versions were
    // once the latest transaction of the window, so 21001's hire came back as a new version here.
    const [replayed] = await runPollers({ store, pollers: [{ ...restarted.pollers[0]!, id: 'workday:replay' }], intake, clock }).pollOnce();
    expect(replayed).toMatchObject({ accepted: 0, duplicates: 13 });
  });
});
