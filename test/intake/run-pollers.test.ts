import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventDefinitions } from '../../src/canonical/events/index.js';
import { createIntake, type Intake } from '../../src/intake/create-intake.js';
import type { PollPage, Poller } from '../../src/intake/inbound-source.js';
import { createPollScheduler, type PollerSchedule, type ScheduleCheck } from '../../src/intake/poll-scheduler.js';
import { loadCheckpoint, runPollers } from '../../src/intake/run-pollers.js';
import { openDatabase, type ThroughlineDatabase } from '../../src/persistence/database.js';
import { createManualClock, type ManualClock } from '../../src/runtime/clock.js';
import { createFlowRegistry } from '../../src/runtime/flows/flow-registry.js';
import { timeEvent } from '../flows/time-to-ledger/harness.js';
import { describeEachEngine, openFreshPostgres, testDatabaseUrl } from '../support/engines.js';

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
      ...intake,
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

  it('polls one poller by id, serialised with other passes, and refuses an id it does not run', async () => {
    const a = pagedPoller('e', 1);
    const b = pagedPoller('f', 1);
    const runner = runPollers({ store, pollers: [a.poller, b.poller], intake, clock });
    expect(runner.pollerIds()).toEqual(['e', 'f']);
    const [one, all] = await Promise.all([runner.pollPoller('f'), runner.pollOnce()]);
    expect(one).toMatchObject({ pollerId: 'f', pages: 1, accepted: 3 });
    expect(all.map((s) => [s.pollerId, s.accepted])).toEqual([['e', 3], ['f', 0]]);
    expect(runner.totals().map((t) => [t.pollerId, t.pages])).toEqual([['f', 2], ['e', 1]]);
    await expect(runner.pollPoller('nope')).rejects.toThrow(/no poller "nope"/);
  });
});

/** A poller that reads nothing and counts its passes in `runs` (shared by the "processes"). */
function countingPoller(id: string, runs: Map<string, number>, options: { failOnRun?: number } = {}): Poller {
  return {
    id,
    connection: id.split(':')[0]!,
    async pollPage(): Promise<PollPage> {
      const run = (runs.get(id) ?? 0) + 1;
      runs.set(id, run);
      if (options.failOnRun === run) throw new Error(`source down on run ${run}`);
      return { events: [], echoesDropped: 0, ignored: 0, nextCheckpoint: String(run), done: true };
    },
  };
}

/** Yields (no wall-clock sleep) until `condition` holds; fails after 10 s of real time. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describeEachEngine('poll scheduler', (engine) => {
  // Two "processes": on PostgreSQL two stores (pools) on one database, on PGlite two runners on one store.
  let first: ThroughlineDatabase;
  let second: ThroughlineDatabase;
  beforeAll(async () => {
    first = await engine.open();
    second = engine.name === 'postgres'
      ? await openDatabase({ engine: 'postgres', url: (first as ThroughlineDatabase & { url: string }).url, poolSize: 4 })
      : first;
  });
  afterAll(async () => {
    if (second !== first) await second.close();
    await first.close();
  });
  beforeEach(async () => {
    await sql`delete from tl_schedule`.execute(first.db);
  });

  const schedules: PollerSchedule[] = [
    { pollerId: 'crm:timecards', cron: '* * * * *', timezone: 'UTC' },
    { pollerId: 'hr:workday:worker-delta', cron: '* * * * *', timezone: 'Europe/London' },
    { pollerId: 'erp:invoices', cron: '*/2 * * * *', timezone: 'UTC' },
  ];

  /** One process's runner and scheduler loop (checking every 20 s of the clock), counting its checks. */
  function process(store: ThroughlineDatabase, clock: ManualClock, runs: Map<string, number>, failOnRun?: number) {
    const intake = createIntake({ store, clock, definitions: Object.values(eventDefinitions), flows: createFlowRegistry([]) });
    const pollers = schedules.map((s) => countingPoller(s.pollerId, runs, s.pollerId === 'crm:timecards' ? { failOnRun } : {}));
    const runner = runPollers({ store, pollers, intake, clock });
    const checks: ScheduleCheck[] = [];
    const errors: unknown[] = [];
    const scheduler = createPollScheduler({
      store, runner, schedules, clock, checkIntervalMs: 20_000,
      onCheck: (check) => void checks.push(check),
      onError: (error) => void errors.push(error),
    });
    return { scheduler, runner, checks, errors };
  }

  it('two scheduler loops on one database: over N minutes each poller runs once per tick, not once per process', async () => {
    const clock = createManualClock('2026-03-31T10:00:30.000Z');
    const runs = new Map<string, number>();
    const processes = [process(first, clock, runs), process(second, clock, runs)];
    for (const p of processes) await p.scheduler.register();
    for (const p of processes) p.scheduler.start();
    const checked = (n: number) => () => processes.every((p) => p.checks.length + p.errors.length === n);
    await until(checked(1), 'the first checks');
    const minutes = 10;
    for (let step = 1; step <= minutes * 3; step++) {
      await clock.advance(20_000); // three checks per process per minute
      await until(checked(step + 1), `check ${step + 1}`);
    }
    for (const p of processes) await p.scheduler.stop();

    expect(processes.flatMap((p) => p.errors)).toEqual([]);
    expect(Object.fromEntries(runs)).toEqual({ 'crm:timecards': minutes, 'hr:workday:worker-delta': minutes, 'erp:invoices': minutes / 2 });
    const ticks = processes.flatMap((p) => p.checks.flatMap((c) => c.ticks.map((t) => `${t.name}@${t.scheduledAt.toISOString()}`)));
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(ticks.filter((t) => t.startsWith('poller:crm:timecards@')).sort()[0]).toBe('poller:crm:timecards@2026-03-31T10:01:00.000Z');
    // Each claimed tick ran its poller in the process that claimed it.
    for (const p of processes) {
      expect(p.checks.flatMap((c) => c.passes.map((s) => `poller:${s.pollerId}`))).toEqual(p.checks.flatMap((c) => c.ticks.map((t) => t.name)));
    }
  });

  it('a poller failing in one tick runs again at the next tick, and the others are not held up', async () => {
    const clock = createManualClock('2026-03-31T10:00:30.000Z');
    const runs = new Map<string, number>();
    const { scheduler, runner } = process(first, clock, runs, 1);
    await scheduler.register();
    await clock.advance(30_000);
    const failing = await scheduler.runDue();
    expect(failing.passes.map((s) => [s.pollerId, s.error])).toEqual([
      ['crm:timecards', 'source down on run 1'],
      ['hr:workday:worker-delta', undefined],
    ]);
    await clock.advance(60_000);
    const next = await scheduler.runDue();
    expect(next.passes.map((s) => [s.pollerId, s.pages, s.error])).toEqual([
      ['crm:timecards', 1, undefined],
      ['erp:invoices', 1, undefined],
      ['hr:workday:worker-delta', 1, undefined],
    ]);
    expect(await loadCheckpoint(first, 'crm:timecards')).toBe('2');
    expect(runner.totals().find((t) => t.pollerId === 'crm:timecards')).toMatchObject({ pages: 1 });
  });

  it('the loop goes on after a check that fails as a whole', async () => {
    const clock = createManualClock('2026-03-31T10:00:30.000Z');
    const runs = new Map<string, number>();
    let broken = true;
    const unreachable = { selectFrom: () => { throw new Error('store unreachable'); } } as unknown as ThroughlineDatabase['db'];
    const store = { engine: first.engine, get db() { return broken ? unreachable : first.db; } };
    const intake = createIntake({ store: first, clock, definitions: Object.values(eventDefinitions), flows: createFlowRegistry([]) });
    const runner = runPollers({ store: first, pollers: [countingPoller('crm:timecards', runs)], intake, clock });
    const errors: string[] = [];
    let checks = 0;
    const scheduler = createPollScheduler({
      store, runner, schedules: [schedules[0]!], clock, checkIntervalMs: 60_000,
      onCheck: () => void checks++,
      onError: (error) => void errors.push((error as Error).message),
    });
    broken = false;
    await scheduler.register();
    broken = true;
    scheduler.start();
    await until(() => errors.length === 1, 'the failed check');
    broken = false;
    await clock.advance(60_000);
    await until(() => checks === 1, 'the next check');
    await scheduler.stop();
    expect(errors).toEqual(['store unreachable']);
    expect(runs.get('crm:timecards')).toBe(1);
  });
});

describe.skipIf(!testDatabaseUrl)('poll scheduler across processes (PostgreSQL)', () => {
  const opened: ThroughlineDatabase[] = [];
  afterAll(async () => {
    for (const store of opened.splice(0).reverse()) await store.close();
  });

  it('a tick claimed while another process still runs a pass of that poller does not start a second pass', async () => {
    const fresh = await openFreshPostgres();
    opened.push(fresh);
    // A pool of one: the pass runs on the connection that holds its lock, so it needs no second one.
    const other = await openDatabase({ engine: 'postgres', url: fresh.url, poolSize: 1 });
    opened.push(other);
    const clock = createManualClock('2026-03-31T10:00:30.000Z');
    const schedule: PollerSchedule = { pollerId: 'crm:timecards', cron: '* * * * *', timezone: 'UTC' };
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const calls: string[] = [];
    const slowPoller = (process: string): Poller => ({
      id: 'crm:timecards',
      connection: 'crm',
      async pollPage() {
        calls.push(process);
        if (process === 'a' && calls.length === 1) await released; // a long pass (a big backlog)
        return { events: [], echoesDropped: 0, ignored: 0, nextCheckpoint: String(calls.length), done: true };
      },
    });
    const scheduler = (store: ThroughlineDatabase, process: string) => {
      const intake = createIntake({ store, clock, definitions: Object.values(eventDefinitions), flows: createFlowRegistry([]) });
      const runner = runPollers({ store, pollers: [slowPoller(process)], intake, clock });
      return createPollScheduler({ store, runner, schedules: [schedule], clock });
    };
    const a = scheduler(fresh, 'a');
    const b = scheduler(other, 'b');
    await a.register();
    await b.register();

    await clock.advance(30_000); // 10:01
    const longCheck = a.runDue();
    await until(() => calls.length === 1, 'the long pass to start');
    await clock.advance(60_000); // 10:02: b claims the tick while a's pass runs
    const skipped = await b.runDue();
    expect(skipped.ticks.map((t) => t.scheduledAt.toISOString())).toEqual(['2026-03-31T10:02:00.000Z']);
    expect(skipped).toMatchObject({ passes: [], busy: ['crm:timecards'] });
    release();
    expect((await longCheck).passes.map((p) => p.pollerId)).toEqual(['crm:timecards']);

    await clock.advance(60_000); // 10:03: the pass is over, b runs the next tick
    const next = await b.runDue();
    expect(next).toMatchObject({ busy: [], passes: [expect.objectContaining({ pollerId: 'crm:timecards', pages: 1 })] });
    expect(next.passes[0]!.error).toBeUndefined();
    expect(calls).toEqual(['a', 'b']);
    expect(await loadCheckpoint(fresh, 'crm:timecards')).toBe('2');
  });
});
