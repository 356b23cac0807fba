import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createIntake, type IngestResult } from '../../src/intake/create-intake.js';
import { KEY_ORDER_LOCK_SLOTS, keyOrderSlot, keyOrderSlots } from '../../src/intake/key-order-locks.js';
import type { ThroughlineDatabase } from '../../src/persistence/database.js';
import { claimRuns } from '../../src/runtime/claims/claim-runs.js';
import { createManualClock } from '../../src/runtime/clock.js';
import { defineFlowOf } from '../../src/runtime/flows/define-flow.js';
import { defineStep } from '../../src/runtime/flows/define-step.js';
import { createFlowRegistry } from '../../src/runtime/flows/flow-registry.js';
import { openFreshPostgres, testDatabaseUrl } from '../support/engines.js';
import { testEvent, testLineEvent, type TestLineEvent } from '../runtime/support/test-events.js';

const flow = defineFlowOf<TestLineEvent>()({
  id: 'key-order',
  on: ['test_line.approved'],
  key: (e) => e.data.key,
  steps: [defineStep({ id: 'noop', invoke: async () => ({}) })],
});

/** Two ordering keys of `flow` whose lock slots differ (so their ingests must not wait for each other). */
function keysInDifferentSlots(): [string, string] {
  const first = 'K-first';
  for (let i = 0; ; i += 1) {
    const other = `K-other-${i}`;
    if (keyOrderSlot(flow.id, other) !== keyOrderSlot(flow.id, first)) return [first, other];
  }
}

/**
 * Resolves 'waiting' once another session of this database waits on an advisory lock, or 'returned'
 * once `ingest` settles without having been seen waiting. Polls by query, never by a timer.
 */
async function waitingOrReturned(store: ThroughlineDatabase, ingest: Promise<unknown>): Promise<'waiting' | 'returned'> {
  let settled = false;
  ingest.then(
    () => (settled = true),
    () => (settled = true),
  );
  while (!settled) {
    const waiting = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock' and wait_event = 'advisory'`.execute(store.db);
    if (waiting.rows[0]!.n > 0) return 'waiting';
  }
  return 'returned';
}

describe('key order locks', () => {
  it('hash a 500-run batch into a bounded, ascending, distinct set of slots', () => {
    const runs = Array.from({ length: 500 }, (_, i) => ({ flowId: 'f', orderingKey: `key-${i}` }));
    const slots = keyOrderSlots(runs);
    expect(slots.length).toBeLessThanOrEqual(KEY_ORDER_LOCK_SLOTS);
    expect(slots.length).toBeGreaterThan(KEY_ORDER_LOCK_SLOTS / 2);
    expect(slots).toEqual([...new Set(slots)].sort((a, b) => a - b));
    expect(keyOrderSlots([{ flowId: 'f', orderingKey: 'x' }, { flowId: 'f', orderingKey: 'x' }])).toHaveLength(1);
    expect(keyOrderSlot('f', 'x')).toBe(keyOrderSlot('f', 'x'));
  });
});

describe.skipIf(!testDatabaseUrl)('intake per-key order [postgres]', () => {
  const setup = async () => {
    const store = await openFreshPostgres();
    const clock = createManualClock();
    const intake = createIntake({ store, clock, definitions: [testLineEvent], flows: createFlowRegistry([flow as never]) });
    const positions = async () =>
      Object.fromEntries(
        (await store.db.selectFrom('tl_event').select(['id', 'position']).execute()).map((e) => [e.id, Number(e.position)]),
      );
    const claim = async () =>
      (await claimRuns(store.db, { workerId: 'w', limit: 10, now: clock.now(), leaseMs: 60_000 })).map((r) => r.eventId);
    return { store, intake, positions, claim };
  };

  it('a later event of a key cannot commit before an earlier one: the second ingest waits, then gets the later position', async () => {
    const { store, intake, positions, claim } = await setup();
    try {
      let later: Promise<IngestResult[]> | undefined;
      await store.db.transaction().execute(async (trx) => {
        // A appends v1 of K and stays open; B brings v2 of K and would commit first without the lock.
        expect((await intake.ingest([testEvent(1, 'K')], { trx }))[0]!.status).toBe('accepted');
        later = intake.ingest([testEvent(2, 'K')]);
        expect(await waitingOrReturned(store, later)).toBe('waiting');
        // While A is open, a worker sees no run of K at all (never v2 without v1).
        expect(await claim()).toEqual([]);
      });
      expect((await later!)[0]!.status).toBe('accepted');
      const position = await positions();
      expect(position.evt_1!).toBeLessThan(position.evt_2!);
      // The head of K is v1; v2 waits behind it.
      expect(await claim()).toEqual(['evt_1']);
    } finally {
      await store.close();
    }
  });

  it('a rolled-back ingest releases its keys: the waiting one then appends', async () => {
    const { store, intake, positions } = await setup();
    try {
      let later: Promise<IngestResult[]> | undefined;
      await expect(
        store.db.transaction().execute(async (trx) => {
          await intake.ingest([testEvent(1, 'K')], { trx });
          later = intake.ingest([testEvent(2, 'K')]);
          expect(await waitingOrReturned(store, later)).toBe('waiting');
          throw new Error('caller aborts');
        }),
      ).rejects.toThrow('caller aborts');
      expect((await later!)[0]!.status).toBe('accepted');
      expect(Object.keys(await positions())).toEqual(['evt_2']);
    } finally {
      await store.close();
    }
  });

  it('different keys (in different lock slots) do not wait for each other', async () => {
    const { store, intake, positions, claim } = await setup();
    const [k1, k2] = keysInDifferentSlots();
    try {
      await store.db.transaction().execute(async (trx) => {
        await intake.ingest([testEvent(1, k1)], { trx });
        const other = intake.ingest([testEvent(2, k2)]);
        expect(await waitingOrReturned(store, other)).toBe('returned');
        expect((await other)[0]!.status).toBe('accepted');
        expect(await claim()).toEqual(['evt_2']);
      });
      expect(Object.keys(await positions()).sort()).toEqual(['evt_1', 'evt_2']);
    } finally {
      await store.close();
    }
  });
});
