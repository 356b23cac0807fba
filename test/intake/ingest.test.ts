import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { defineEvent } from '../../src/canonical/define-event.js';
import { timeApproved } from '../../src/canonical/events/time-approved.js';
import { createIntake } from '../../src/intake/create-intake.js';
import { createManualClock } from '../../src/runtime/clock.js';
import { defineFlowOf } from '../../src/runtime/flows/define-flow.js';
import { defineStep } from '../../src/runtime/flows/define-step.js';
import { createFlowRegistry } from '../../src/runtime/flows/flow-registry.js';
import { describeEachEngine } from '../support/engines.js';
import { testEvent, testLineEvent, type TestLineEvent } from '../runtime/support/test-events.js';

function explode(): never {
  throw new Error('schema bug: exploded');
}

const noop = defineStep({ id: 'noop', invoke: async () => ({}) });
const flowA = defineFlowOf<TestLineEvent>()({ id: 'flow-a', on: ['test_line.approved'], key: (e) => e.data.key, steps: [noop] });
const flowB = defineFlowOf<TestLineEvent>()({
  id: 'flow-b',
  on: ['test_line.approved'],
  key: (e) => {
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

  it('a data schema that throws on a bad value rejects that event alone, with the error as reason', async () => {
    const store = await engine.open();
    try {
      const explosive = defineEvent({
        type: 'test_explosive.happened',
        schemaVersion: '1',
        data: z.object({ fuse: z.string() }).refine((d) => (d.fuse === 'lit' ? explode() : true)),
      });
      const intake = createIntake({ store, clock: createManualClock(), definitions: [timeApproved, explosive], flows: createFlowRegistry([]) });
      const approved = (i: number, hours: string) => ({
        id: `evt_time_${i}`,
        type: 'time.approved',
        subject: `time_entry:psa:tc${i}:2026-01-05`,
        source: 'psa',
        sourceId: `tc${i}:2026-01-05`,
        sourceVersion: '1',
        time: '2026-01-09T17:00:00.000Z',
        correlationId: 'project:psa:p1',
        causationId: null,
        schemaVersion: '1',
        data: {
          timeEntryId: `tc${i}:2026-01-05`,
          sourceTimecardId: `tc${i}`,
          workerRef: { refs: [{ system: 'psa', connection: 'psa', objectType: 'Worker', id: 'w1' }] },
          projectRef: { refs: [{ system: 'psa', connection: 'psa', objectType: 'Project', id: 'p1' }] },
          workDate: '2026-01-05',
          hours,
          billable: true,
          approvedAt: '2026-01-09T17:00:00.000Z',
        },
      });
      // hoursSchema's "not negative" refinement used to parse the decimal and throw on a non-decimal
      // string, which failed the whole batch; intake also turns any throwing schema into a rejection.
      const results = await intake.ingest([approved(1, '8'), approved(2, 'eight'), approved(3, '7.5'), approved(4, '-1'), approved(5, '-0')]);
      expect(results.map((r) => r.status)).toEqual(['accepted', 'rejected', 'accepted', 'rejected', 'accepted']);
      expect(results[1]!.reason).toMatch(/^data: .*decimal string/s);
      expect(results[1]!.eventId).toBe('evt_time_2');
      expect(results[3]!.reason).toMatch(/must not be negative/);
      const bang = { ...testEvent(9), type: 'test_explosive.happened', schemaVersion: '1', data: { fuse: 'lit' } };
      const exploded = await intake.ingest([bang, approved(6, '1')]);
      expect(exploded).toEqual([
        { status: 'rejected', reason: 'data: schema bug: exploded', eventId: 'evt_9' },
        { status: 'accepted', eventId: 'evt_time_6' },
      ]);
    } finally {
      await store.close();
    }
  });

  it('stores every envelope field and the data exactly, whatever characters they hold', async () => {
    const { store, intake } = await setup();
    try {
      const tricky = 'quote " backslash \\ slash / newline \n tab \t unicode é 漢字 😀 json {"a":[1]}';
      const event = testEvent(7, `k7 ${tricky}`, {
        subject: `line:${tricky}`,
        sourceId: `line_7 ${tricky}`,
        sourceVersion: `v ${tricky}`,
        correlationId: `corr ${tricky}`,
        causationId: `cause ${tricky}`,
        time: '2026-01-05T10:00:00.123+02:00',
      });
      expect((await intake.ingest([event, testEvent(8)]))[0]!.status).toBe('accepted');
      const rows = await store.db.selectFrom('tl_event').selectAll().orderBy('position').execute();
      expect(rows[0]).toMatchObject({
        id: 'evt_7',
        type: 'test_line.approved',
        subject: event.subject,
        source: 'test',
        source_id: event.sourceId,
        source_version: event.sourceVersion,
        dedupe_key: testLineEvent.dedupeKey(event),
        correlation_id: event.correlationId,
        causation_id: event.causationId,
        schema_version: '1.0',
        data: event.data,
      });
      expect(new Date(rows[0]!.time).toISOString()).toBe('2026-01-05T08:00:00.123Z');
      expect(rows[1]).toMatchObject({ id: 'evt_8', causation_id: null, data: testEvent(8).data });
    } finally {
      await store.close();
    }
  });

  it('rejects values that cannot be serialized, with the reason, and appends the rest', async () => {
    const { store, intake } = await setup();
    try {
      const cyclic: Record<string, unknown> = { ...testEvent(2) };
      cyclic.self = cyclic;
      const results = await intake.ingest([testEvent(1), cyclic, { ...testEvent(3), extra: 3n }, undefined]);
      expect(results.map((r) => r.status)).toEqual(['accepted', 'rejected', 'rejected', 'rejected']);
      expect(results[1]!.reason).toMatch(/not serializable: .*circular/i);
      expect(results[2]!.reason).toMatch(/not serializable: .*BigInt/i);
      expect(results[3]!.reason).toBe('not a JSON value');
    } finally {
      await store.close();
    }
  });
});
