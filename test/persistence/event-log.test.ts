import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { ThroughlineDatabase } from '../../src/persistence/database.js';
import { describeEachEngine } from '../support/engines.js';

/** A row for tl_event; `data` goes in as JSON text (the jsonb column's insert type). */
function eventRow(overrides: Partial<{ id: string; dedupe_key: string; data: unknown }> = {}) {
  return {
    id: overrides.id ?? 'evt_01',
    type: 'time.approved',
    subject: 'tl_time_entry_01',
    source: 'certinia-prod',
    source_id: 'a0X000000000001',
    source_version: '3',
    dedupe_key: overrides.dedupe_key ?? 'certinia-prod|time.approved|a0X000000000001|3',
    time: new Date('2026-03-31T17:45:12.345Z'),
    correlation_id: 'tl_deal_01',
    causation_id: null,
    schema_version: '1',
    data: JSON.stringify(overrides.data ?? { hours: '7.50' }),
  };
}

describeEachEngine('event log', (engine) => {
  // One store per engine (opening PGlite costs seconds); each test starts from an empty log.
  let store: ThroughlineDatabase;
  beforeAll(async () => {
    store = await engine.open();
  });
  afterAll(async () => {
    await store?.close();
  });
  beforeEach(async () => {
    await sql`truncate tl_event restart identity`.execute(store.db);
  });
  const withStore = async (body: (s: ThroughlineDatabase) => Promise<void>) => body(store);

  it('round-trips an event: jsonb data back as an object, amounts still strings, instants as Dates', () =>
    withStore(async (store) => {
      const data = {
        workDate: '2026-03-31',
        hours: '7.50',
        billAmount: { amount: '1875.00', currency: 'USD' },
        tiny: { amount: '0.000000000000000001', currency: 'KWD' },
        huge: { amount: '123456789012345678901234567890.12', currency: 'JPY' },
        tags: ['billable', 'approved'],
        approvedBy: null,
      };
      await store.db.insertInto('tl_event').values(eventRow({ data })).execute();
      const row = await store.db.selectFrom('tl_event').selectAll().where('id', '=', 'evt_01').executeTakeFirstOrThrow();
      expect(row.data).toEqual(data);
      expect(typeof (row.data as typeof data).billAmount.amount).toBe('string');
      expect(row.time).toBeInstanceOf(Date);
      expect(row.time.toISOString()).toBe('2026-03-31T17:45:12.345Z');
      expect(row.recorded_at).toBeInstanceOf(Date);
      expect(typeof row.position).toBe('number');
    }));

  it('rejects a second event with the same dedupe key and keeps the first', () =>
    withStore(async (store) => {
      await store.db.insertInto('tl_event').values(eventRow()).execute();
      await expect(
        store.db.insertInto('tl_event').values(eventRow({ id: 'evt_02', data: { hours: '8.00' } })).execute(),
      ).rejects.toThrow(/duplicate key|unique/i);
      const rows = await store.db.selectFrom('tl_event').select(['id', 'data']).execute();
      expect(rows).toEqual([{ id: 'evt_01', data: { hours: '7.50' } }]);
      // The intake path: insert-or-skip on the dedupe key appends nothing the second time.
      const skipped = await store.db
        .insertInto('tl_event')
        .values(eventRow({ id: 'evt_03' }))
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .executeTakeFirst();
      expect(Number(skipped.numInsertedOrUpdatedRows ?? 0)).toBe(0);
    }));

  it('numeric values come back as exact decimal strings, never JS numbers', () =>
    withStore(async (store) => {
      const result = await sql<{ sum: string; exact: string }>`
        select (0.1::numeric + 0.2::numeric) as sum, '12345678901234567890.123456789'::numeric(40, 9) as exact
      `.execute(store.db);
      expect(result.rows[0]).toEqual({ sum: '0.3', exact: '12345678901234567890.123456789' });
    }));

  it('positions follow append order', () =>
    withStore(async (store) => {
      for (const n of [1, 2, 3]) {
        await store.db.insertInto('tl_event').values(eventRow({ id: `evt_${n}`, dedupe_key: `k${n}` })).execute();
      }
      const rows = await store.db.selectFrom('tl_event').select(['id', 'position']).orderBy('position').execute();
      expect(rows.map((r) => r.id)).toEqual(['evt_1', 'evt_2', 'evt_3']);
      expect(rows[0]!.position).toBeLessThan(rows[2]!.position);
    }));
});
