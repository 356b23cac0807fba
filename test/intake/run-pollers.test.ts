import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventDefinitions } from '../../src/canonical/events/index.js';
import { createIntake, type Intake } from '../../src/intake/create-intake.js';
import type { PollPage, Poller } from '../../src/intake/inbound-source.js';
import { loadCheckpoint, runPollers } from '../../src/intake/run-pollers.js';
import type { ThroughlineDatabase } from '../../src/persistence/database.js';
import { createManualClock } from '../../src/runtime/clock.js';
import { createFlowRegistry } from '../../src/runtime/flows/flow-registry.js';
import { timeEvent } from '../flows/time-to-ledger/harness.js';
import { describeEachEngine } from '../support/engines.js';

/** A source of `pages` pages of 3 events each; the checkpoint is the index of the next page. */
function pagedPoller(id: string, pages: number, options: { failAt?: number } = {}) {
  const events = Array.from({ length: pages }, (_, p) => Array.from({ length: 3 }, (_, i) => timeEvent('approved', { timecard: `${id}P${p}E${i}` })));
  const seen: Array<string | undefined> = [];
  const poller: Poller & { failAt?: number } = {
    id,
    connection: 'salesforce',
    failAt: options.failAt,
    async pollPage(checkpoint): Promise<PollPage> {
      seen.push(checkpoint);
      const index = checkpoint === undefined ? 0 : Number(checkpoint);
      if (poller.failAt === index) throw new Error(`source down at page ${index}`);
      return { events: events[index] ?? [], echoesDropped: 1, ignored: 0, nextCheckpoint: String(index + 1), done: index + 1 >= pages };
    },
  };
  return { poller, seen, events };
}

describeEachEngine('runPollers', (engine) => {
  let store: ThroughlineDatabase;
  let intake: Intake;
  const clock = createManualClock();
  beforeAll(async () => {
    store = await engine.open();
    intake = createIntake({ store, clock, definitions: Object.values(eventDefinitions), flows: createFlowRegistry([]) });
  });
  afterAll(async () => {
    await store.close();
  });
  const stored = async (ids: string[]) => (await store.db.selectFrom('tl_event').select('id').where('id', 'in', ids).execute()).length;

  it('ingests every page, saves the checkpoint after each, and a later pass resumes from it', async () => {
    const source = pagedPoller('a', 3);
    const runner = runPollers({ store, pollers: [source.poller], intake, clock });
    const [pass] = await runner.pollOnce();
    expect(pass).toMatchObject({ pages: 3, accepted: 9, duplicates: 0, echoesDropped: 3 });
    expect(source.seen).toEqual([undefined, '1', '2']);
    expect(await loadCheckpoint(store, 'a')).toBe('3');
    await runner.pollOnce();
    expect(source.seen.slice(3)).toEqual(['3']);
    expect(await stored(source.events.flat().map((e) => e.id))).toBe(9);
  });

  it('stops a pass at a failing page with the checkpoint of the last ingested page, and resumes there without repeats', async () => {
    const source = pagedPoller('b', 4, { failAt: 2 });
    const runner = runPollers({ store, pollers: [source.poller], intake, clock });
    const [first] = await runner.pollOnce();
    expect(first).toMatchObject({ pages: 2, accepted: 6, error: 'source down at page 2' });
    expect(await loadCheckpoint(store, 'b')).toBe('2');
    source.poller.failAt = undefined;
    const [second] = await runner.pollOnce();
    expect(second).toMatchObject({ pages: 2, accepted: 6, duplicates: 0 });
    expect(source.seen).toEqual([undefined, '1', '2', '2', '3']);
  });

  it('writes a page and its checkpoint atomically: a failure inside the transaction stores neither', async () => {
    const source = pagedPoller('c', 2);
    let calls = 0;
    const crashingIntake: Intake = {
      async ingest(events, options) {
        const results = await intake.ingest(events, options);
        calls++;
        if (calls === 2) throw new Error('killed between ingest and checkpoint');
        return results;
      },
    };
    const [pass] = await runPollers({ store, pollers: [source.poller], intake: crashingIntake, clock }).pollOnce();
    expect(pass).toMatchObject({ pages: 1, error: 'killed between ingest and checkpoint' });
    expect(await loadCheckpoint(store, 'c')).toBe('1');
    expect(await stored(source.events[1]!.map((e) => e.id))).toBe(0);
    const [resumed] = await runPollers({ store, pollers: [source.poller], intake, clock }).pollOnce();
    expect(resumed).toMatchObject({ pages: 1, accepted: 3, duplicates: 0 });
  });

  it('polls on the clock interval until stopped', async () => {
    const source = pagedPoller('d', 1);
    const runner = runPollers({ store, pollers: [source.poller], intake, clock, intervalMs: 1_000 });
    runner.start();
    for (let i = 0; i < 3; i++) {
      const deadline = Date.now() + 5_000;
      while (source.seen.length < i + 1 && Date.now() < deadline) await new Promise((r) => setImmediate(r));
      await clock.advance(1_000);
    }
    await runner.stop();
    expect(source.seen.length).toBeGreaterThanOrEqual(3);
    expect(runner.totals()[0]).toMatchObject({ pollerId: 'd', accepted: 3 });
  });
});
