import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type ThroughlineDatabase } from '../../../src/persistence/database.js';
import { createManualClock } from '../../../src/runtime/clock.js';
import { fireDueSchedules, type ScheduleTick } from '../../../src/runtime/schedules/fire-due-schedules.js';
import { upsertSchedule } from '../../../src/runtime/schedules/upsert-schedule.js';
import { describeEachEngine, openFreshPostgres, testDatabaseUrl } from '../../support/engines.js';

describeEachEngine('durable schedules', (engine) => {
  // One store per engine (opening PGlite is slow); each test starts with no schedules.
  let store: ThroughlineDatabase;
  beforeAll(async () => {
    store = await engine.open();
  });
  afterAll(async () => {
    await store.close();
  });
  beforeEach(async () => {
    await sql`delete from tl_schedule`.execute(store.db);
  });

  it('plans the next tick and keeps it when the same definition is applied again', async () => {
    const clock = createManualClock('2026-03-31T10:02:00.000Z');
    const first = await upsertSchedule(store.db, { name: 'netsuite-poll', cron: '*/5 * * * *', payload: { connection: 'netsuite' } }, clock);
    expect(first.nextFireAt.toISOString()).toBe('2026-03-31T10:05:00.000Z');
    await clock.advance(4 * 60_000);
    const again = await upsertSchedule(store.db, { name: 'netsuite-poll', cron: '*/5 * * * *', payload: { connection: 'netsuite' } }, clock);
    expect(again.nextFireAt.toISOString()).toBe('2026-03-31T10:05:00.000Z');
    const changed = await upsertSchedule(store.db, { name: 'netsuite-poll', cron: '0 * * * *', payload: {} }, clock);
    expect(changed.nextFireAt.toISOString()).toBe('2026-03-31T11:00:00.000Z');
  });

  it('rejects an invalid cron expression or time zone', async () => {
    const clock = createManualClock();
    await expect(upsertSchedule(store.db, { name: 'x', cron: 'every day', payload: {} }, clock)).rejects.toThrow(/invalid cron/);
    await expect(upsertSchedule(store.db, { name: 'x', cron: '0 2 * * *', timezone: 'Mars/Olympus', payload: {} }, clock)).rejects.toThrow(/time zone/);
    await expect(upsertSchedule(store.db, { name: '', cron: '0 2 * * *', payload: {} }, clock)).rejects.toThrow();
  });

  it('fires each tick once, when it is due', async () => {
    const clock = createManualClock('2026-03-31T10:02:00.000Z');
    await upsertSchedule(store.db, { name: 'poll', cron: '*/5 * * * *', payload: { connection: 'kantata' } }, clock);
    const ticks: ScheduleTick[] = [];
    const record = async (tick: ScheduleTick) => void ticks.push(tick);
    expect((await fireDueSchedules(store.db, clock, record)).fired).toHaveLength(0);
    await clock.advance(3 * 60_000);
    expect((await fireDueSchedules(store.db, clock, record)).fired).toHaveLength(1);
    expect((await fireDueSchedules(store.db, clock, record)).fired).toHaveLength(0);
    await clock.advance(5 * 60_000);
    await fireDueSchedules(store.db, clock, record);
    expect(ticks.map((t) => [t.scheduledAt.toISOString(), t.skippedTicks, t.payload])).toEqual([
      ['2026-03-31T10:05:00.000Z', 0, { connection: 'kantata' }],
      ['2026-03-31T10:10:00.000Z', 0, { connection: 'kantata' }],
    ]);
  });

  it('after downtime fires the latest missed tick once and skips the rest', async () => {
    const clock = createManualClock('2026-03-31T10:02:00.000Z');
    await upsertSchedule(store.db, { name: 'poll', cron: '*/5 * * * *', payload: {} }, clock);
    await clock.advance(60 * 60_000 + 60_000); // 11:03
    const report = await fireDueSchedules(store.db, clock, async () => undefined);
    expect(report.fired.map((t) => [t.scheduledAt.toISOString(), t.skippedTicks])).toEqual([['2026-03-31T11:00:00.000Z', 11]]);
    const row = await store.db.selectFrom('tl_schedule').select(['next_fire_at', 'missed_ticks']).executeTakeFirstOrThrow();
    expect(row.next_fire_at.toISOString()).toBe('2026-03-31T11:05:00.000Z');
    expect(row.missed_ticks).toBe(11);
  });

  it('follows the schedule time zone across a daylight-saving change', async () => {
    const clock = createManualClock('2026-03-28T12:00:00.000Z');
    await upsertSchedule(store.db, { name: 'month-close-check', cron: '0 6 * * *', timezone: 'Europe/London', payload: {} }, clock);
    const fired: string[] = [];
    for (let day = 0; day < 3; day += 1) {
      await clock.advance(24 * 3_600_000);
      await fireDueSchedules(store.db, clock, async (tick) => void fired.push(tick.scheduledAt.toISOString()));
    }
    // 06:00 GMT, then 06:00 BST (05:00Z) after the clocks go forward on 29 March.
    expect(fired).toEqual(['2026-03-29T05:00:00.000Z', '2026-03-30T05:00:00.000Z', '2026-03-31T05:00:00.000Z']);
  });

  it('a failing handler leaves the tick due and does not block other schedules', async () => {
    const clock = createManualClock('2026-03-31T10:02:00.000Z');
    await upsertSchedule(store.db, { name: 'broken', cron: '*/5 * * * *', payload: {} }, clock);
    await upsertSchedule(store.db, { name: 'healthy', cron: '*/5 * * * *', payload: {} }, clock);
    await clock.advance(3 * 60_000);
    let fail = true;
    const handler = async (tick: ScheduleTick) => {
      if (tick.name === 'broken' && fail) throw new Error('poller misconfigured');
    };
    const first = await fireDueSchedules(store.db, clock, handler);
    expect(first.fired.map((t) => t.name)).toEqual(['healthy']);
    expect(first.failed).toEqual([{ name: 'broken', error: 'poller misconfigured' }]);
    fail = false;
    const second = await fireDueSchedules(store.db, clock, handler);
    expect(second.fired.map((t) => [t.name, t.scheduledAt.toISOString()])).toEqual([['broken', '2026-03-31T10:05:00.000Z']]);
  });

  it('fires only the named schedules when given names, in tick then name order', async () => {
    const clock = createManualClock('2026-03-31T10:02:00.000Z');
    for (const name of ['poller:b', 'poller:a', 'reconcile']) await upsertSchedule(store.db, { name, cron: '*/5 * * * *', payload: {} }, clock);
    await clock.advance(3 * 60_000);
    const none = await fireDueSchedules(store.db, clock, async () => undefined, { names: [] });
    expect(none.fired).toEqual([]);
    const pollers = await fireDueSchedules(store.db, clock, async () => undefined, { names: ['poller:b', 'poller:a', 'poller:gone'] });
    expect(pollers.fired.map((t) => t.name)).toEqual(['poller:a', 'poller:b']);
    // The others' ticks stay due for a caller that runs them.
    expect((await fireDueSchedules(store.db, clock, async () => undefined)).fired.map((t) => t.name)).toEqual(['reconcile']);
  });

  it('the handler works inside the claiming transaction', async () => {
    const clock = createManualClock('2026-03-31T10:02:00.000Z');
    await upsertSchedule(store.db, { name: 'reconcile', cron: '*/5 * * * *', payload: {} }, clock);
    await clock.advance(3 * 60_000);
    await fireDueSchedules(store.db, clock, async (tick, trx) => {
      await sql`update tl_schedule set payload = ${JSON.stringify({ lastRun: tick.scheduledAt.toISOString() })}::jsonb where name = ${tick.name}`.execute(trx);
    });
    const row = await store.db.selectFrom('tl_schedule').select('payload').executeTakeFirstOrThrow();
    expect(row.payload).toEqual({ lastRun: '2026-03-31T10:05:00.000Z' });
  });
});

describe.skipIf(!testDatabaseUrl)('durable schedules across processes (PostgreSQL)', () => {
  const opened: ThroughlineDatabase[] = [];
  afterEach(async () => {
    for (const store of opened.splice(0).reverse()) await store.close();
  });

  it('concurrent callers on separate connections fire each tick exactly once', async () => {
    const fresh = await openFreshPostgres();
    opened.push(fresh);
    const second = await openDatabase({ engine: 'postgres', url: fresh.url, poolSize: 4 });
    opened.push(second);
    const clock = createManualClock('2026-03-31T10:00:30.000Z');
    const names = ['salesforce-poll', 'netsuite-poll', 'kantata-poll', 'reconcile', 'forecast-feed'];
    for (const name of names) await upsertSchedule(fresh.db, { name, cron: '* * * * *', payload: { name } }, clock);
    const fired: string[] = [];
    const handler = async (tick: ScheduleTick) => {
      await new Promise((resolve) => setImmediate(resolve));
      fired.push(`${tick.name}@${tick.scheduledAt.toISOString()}`);
    };
    const callers = [fresh, second, fresh, second];
    for (let minute = 0; minute < 20; minute += 1) {
      await clock.advance(60_000);
      await Promise.all(callers.map((store) => fireDueSchedules(store.db, clock, handler)));
    }
    expect(fired).toHaveLength(names.length * 20);
    expect(new Set(fired).size).toBe(names.length * 20);
  });
});
