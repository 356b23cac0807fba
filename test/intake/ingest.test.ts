import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { createIntake } from '../../src/intake/create-intake.js';
import { createManualClock } from '../../src/runtime/clock.js';
import { defineFlow } from '../../src/runtime/flows/define-flow.js';
import { defineStep } from '../../src/runtime/flows/define-step.js';
import { createFlowRegistry } from '../../src/runtime/flows/flow-registry.js';
import { describeEachEngine } from '../support/engines.js';
import { testEvent, testLineEvent, type TestLineEvent } from '../runtime/support/test-events.js';

const noop = defineStep({ id: 'noop', invoke: async () => ({}) });
const flowA = defineFlow<TestLineEvent>({ id: 'flow-a', subscribesTo: ['test_line.approved'], orderingKey: (e) => e.data.key, steps: [noop] });
const flowB = defineFlow<TestLineEvent>({
  id: 'flow-b',
  subscribesTo: ['test_line.approved'],
  orderingKey: (e) => {
    if (e.data.key === 'unkeyable') throw new Error('no key for this line');
    return e.data.key;
  },
  priority: (e) => (e.data.n % 2 === 0 ? 5 : 0),
  steps: [noop],
});

describeEachEngine('intake', (engine) => {
  const setup = async () => {
    const store = await engine.open();
    const intake = createIntake({
      store,
      clock: createManualClock(),
      definitions: [testLineEvent],
      flows: createFlowRegistry([flowA, flowB]),
    });
    const count = async (table: 'tl_event' | 'tl_flow_run') =>
      (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(store.db)).rows[0]!.n;
    return { store, intake, count };
  };

  it('accepts new events, creates one run per subscribed flow, and reports duplicates', async () => {
    const { store, intake, count } = await setup();
    try {
      const first = await intake.ingest([testEvent(1), testEvent(2), testEvent(1, 'k1', { id: 'evt_again' })]);
      expect(first.map((r) => r.status)).toEqual(['accepted', 'accepted', 'duplicate']);
      const second = await intake.ingest([testEvent(2), testEvent(3)]);
      expect(second.map((r) => r.status)).toEqual(['duplicate', 'accepted']);
      expect(await count('tl_event')).toBe(3);
      expect(await count('tl_flow_run')).toBe(6);
      const runs = await store.db.selectFrom('tl_flow_run').selectAll().orderBy('seq').orderBy('flow_id').execute();
      expect(runs[0]).toMatchObject({ flow_id: 'flow-a', event_id: 'evt_1', ordering_key: 'k1', status: 'pending', priority: 0 });
      expect(runs.find((r) => r.flow_id === 'flow-b' && r.event_id === 'evt_2')?.priority).toBe(5);
      const events = await store.db.selectFrom('tl_event').selectAll().orderBy('position').execute();
      expect(events.map((e) => e.id)).toEqual(['evt_1', 'evt_2', 'evt_3']);
      expect(events[0]!.data).toEqual({ key: 'k1', n: 1, amount: '100.00', currency: 'USD' });
    } finally {
      await store.close();
    }
  });

  it('rejects malformed events with reasons and still appends the good ones, with nothing partial', async () => {
    const { store, intake, count } = await setup();
    try {
      const good = testEvent(10);
      const bad: unknown[] = [
        { ...testEvent(11), data: { ...testEvent(11).data, currency: 'dollars' } },
        { ...testEvent(12), data: { key: 'k12', n: 'twelve', amount: '1', currency: 'USD' } },
        (({ sourceId: _drop, ...rest }) => rest)(testEvent(13)),
        { ...testEvent(14), type: 'unknown_thing.happened' },
        { ...testEvent(15), data: { ...testEvent(15).data, key: 'x'.repeat(300_000) } },
        { ...testEvent(16), data: { ...testEvent(16).data, key: 'nul\u0000byte' } },
        { ...testEvent(17), time: 'yesterday' },
        testEvent(18, 'unkeyable'),
        null,
        'not an event',
      ];
      const results = await intake.ingest([bad[0], good, ...bad.slice(1)]);
      expect(results[1]).toEqual({ status: 'accepted', eventId: 'evt_10' });
      const rejected = results.filter((_, i) => i !== 1);
      for (const r of rejected) {
        expect(r.status).toBe('rejected');
        expect(r.reason).toBeTruthy();
      }
      expect(rejected[0]!.reason).toMatch(/currency/);
      expect(rejected[1]!.reason).toMatch(/n/);
      expect(rejected[2]!.reason).toMatch(/sourceId/);
      expect(rejected[3]!.reason).toMatch(/unknown event type/);
      expect(rejected[4]!.reason).toMatch(/larger than/);
      expect(rejected[5]!.reason).toMatch(/NUL/);
      expect(rejected[6]!.reason).toMatch(/time/);
      expect(rejected[7]!.reason).toMatch(/no key for this line/);
      expect(await count('tl_event')).toBe(1);
      expect(await count('tl_flow_run')).toBe(2);
    } finally {
      await store.close();
    }
  });

  it('joins the caller transaction: a rollback leaves neither events nor runs', async () => {
    const { store, intake, count } = await setup();
    try {
      await expect(
        store.db.transaction().execute(async (trx) => {
          const results = await intake.ingest([testEvent(1)], { trx });
          expect(results[0]!.status).toBe('accepted');
          throw new Error('caller aborts');
        }),
      ).rejects.toThrow('caller aborts');
      expect(await count('tl_event')).toBe(0);
      expect(await count('tl_flow_run')).toBe(0);
    } finally {
      await store.close();
    }
  });
});
