import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type ThroughlineDatabase } from '../../../src/persistence/database.js';
import { createManualClock, systemClock } from '../../../src/runtime/clock.js';
import { RetryableError } from '../../../src/runtime/errors.js';
import { createGovernor } from '../../../src/runtime/governor/create-governor.js';
import { GOVERNOR_PRIORITY } from '../../../src/runtime/governor/governor-types.js';
import { openFreshPostgres, pgliteEngine, testDatabaseUrl } from '../../support/engines.js';

const stores: ThroughlineDatabase[] = [];
afterEach(async () => {
  // The fresh database (first) is dropped last, after the extra pools on it are closed.
  for (const store of stores.splice(0).reverse()) await store.close();
});

/** One fresh PostgreSQL database seen through `count` separate pools, as `count` processes would. */
async function openProcesses(count: number): Promise<ThroughlineDatabase[]> {
  const fresh = await openFreshPostgres();
  stores.push(fresh);
  const others = [];
  for (let i = 1; i < count; i += 1) {
    const store = await openDatabase({ engine: 'postgres', url: fresh.url, poolSize: 4 });
    stores.push(store);
    others.push(store);
  }
  return [fresh, ...others];
}

async function until(condition: () => Promise<boolean>, what: string, deadlineMs = 10_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe.skipIf(!testDatabaseUrl)('governor (shared mode, PostgreSQL)', () => {
  it('three processes never exceed the global limit together', async () => {
    const processes = await openProcesses(3);
    const governors = processes.map((store, i) =>
      createGovernor({ clock: systemClock, mode: 'shared', store: store.db, processId: `proc-${i}`, pollIntervalMs: 5, endpoints: { netsuite: { maxConcurrency: 4 } } }),
    );
    let inFlight = 0;
    let peak = 0;
    const callsPerProcess = 150;
    const startedAt = Date.now();
    await Promise.all(
      governors.flatMap((governor) =>
        Array.from({ length: callsPerProcess }, () =>
          governor.run('netsuite', async () => {
            inFlight += 1;
            peak = Math.max(peak, inFlight);
            await new Promise((resolve) => setTimeout(resolve, 2));
            inFlight -= 1;
          }),
        ),
      ),
    );
    const snapshots = await Promise.all(governors.map((g) => g.snapshot()));
    const roundTrips = snapshots.reduce((sum, s) => sum + s.storeRoundTrips, 0);
    const calls = 3 * callsPerProcess;
    console.info(
      `shared governor: ${calls} calls in ${Date.now() - startedAt} ms, peak ${peak}, ` +
        `${(roundTrips / calls).toFixed(2)} store round trips per call (incl. polling while waiting)`,
    );
    expect(peak).toBeLessThanOrEqual(4);
    expect(peak).toBeGreaterThanOrEqual(2);
    expect(snapshots.reduce((sum, s) => sum + s.endpoints[0]!.successes, 0)).toBe(calls);
    const held = await sql<{ n: number }>`select count(*)::int as n from tl_governor_slot where holder is not null`.execute(processes[0]!.db);
    expect(held.rows[0]?.n).toBe(0);
  });

  it('a throttle in one process lowers the limit every process uses', async () => {
    const [a, b] = await openProcesses(2);
    const options = { clock: systemClock, mode: 'shared' as const, pollIntervalMs: 5, endpoints: { erp: { maxConcurrency: 8, minConcurrency: 2 } } };
    const first = createGovernor({ ...options, store: a!.db, processId: 'a' });
    const second = createGovernor({ ...options, store: b!.db, processId: 'b' });
    await expect(
      first.run('erp', async () => {
        throw new RetryableError('429', { status: 429, kind: 'concurrency_limit' });
      }),
    ).rejects.toThrow('429');
    expect((await second.snapshot()).endpoints[0]).toMatchObject({ limit: 2, learnedCeiling: 2 });
    let inFlight = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        second.run('erp', async () => {
          inFlight += 1;
          peak = Math.max(peak, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 2));
          inFlight -= 1;
        }),
      ),
    );
    expect(peak).toBeLessThanOrEqual(2);
  });

  it('a high-priority waiter in another process gets the next slot before routine waiters', async () => {
    const [a, b, c] = await openProcesses(3);
    const options = { clock: systemClock, mode: 'shared' as const, pollIntervalMs: 5, endpoints: { erp: { maxConcurrency: 1 } } };
    const holder = createGovernor({ ...options, store: a!.db, processId: 'holder' });
    const routine = createGovernor({ ...options, store: b!.db, processId: 'routine' });
    const monthEnd = createGovernor({ ...options, store: c!.db, processId: 'month-end' });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const order: string[] = [];
    let holding = false;
    const first = holder.run('erp', async () => {
      holding = true;
      await held;
    });
    await until(async () => holding, 'the first call to hold the slot');
    const waiting = [
      routine.run('erp', async () => void order.push('routine')),
      monthEnd.run('erp', async () => void order.push('month-end'), { priority: GOVERNOR_PRIORITY.high }),
    ];
    await until(
      async () => ((await sql<{ n: number }>`select count(*)::int as n from tl_governor_waiter`.execute(a!.db)).rows[0]?.n ?? 0) === 1,
      'the high-priority claim',
    );
    release();
    await Promise.all([first, ...waiting]);
    expect(order).toEqual(['month-end', 'routine']);
  });

  it('a request rate is one budget across processes', async () => {
    const [a, b] = await openProcesses(2);
    const clock = createManualClock('2026-03-31T12:00:00.000Z');
    const options = { clock, mode: 'shared' as const, pollIntervalMs: 5, endpoints: { kantata: { maxConcurrency: 10, requestsPerSecond: 2 } } };
    const governors = [createGovernor({ ...options, store: a!.db, processId: 'a' }), createGovernor({ ...options, store: b!.db, processId: 'b' })];
    const starts: number[] = [];
    const calls = governors.flatMap((g) => Array.from({ length: 4 }, () => g.run('kantata', async () => void starts.push(clock.now().getTime()))));
    for (let expected = 1; expected < 8; expected += 1) {
      await until(async () => starts.length >= expected, `call ${expected} to start`);
      await clock.advance(500);
    }
    await Promise.all(calls);
    // The clock only moves in 500 ms steps and 2/s allows one call per step, whichever process asks.
    expect(new Set(starts).size).toBe(8);
    expect(starts[7]! - starts[0]!).toBe(3_500);
  });

  it('a slot leased by a dead process is reclaimed once its lease expires', async () => {
    const [a] = await openProcesses(1);
    const clock = createManualClock('2026-03-31T12:00:00.000Z');
    const governor = createGovernor({ clock, mode: 'shared', store: a!.db, processId: 'live', pollIntervalMs: 5, leaseMs: 60_000, endpoints: { erp: { maxConcurrency: 1 } } });
    await governor.snapshot(); // provisions the endpoint and its slot
    await sql`update tl_governor_slot set holder = 'dead', lease_id = 'dead:1:0', expires_at = ${'2026-03-31T12:01:00.000Z'}`.execute(a!.db);
    let ran = false;
    const call = governor.run('erp', async () => {
      ran = true;
    });
    await until(async () => (await governor.snapshot()).endpoints[0]!.waiting === 1, 'the call to wait');
    // Each snapshot costs one round trip; anything beyond that is the waiting call asking for a slot.
    const tripsBefore = (await governor.snapshot()).storeRoundTrips;
    await clock.advance(30_000);
    let snapshots = 0;
    await until(async () => {
      snapshots += 1;
      return (await governor.snapshot()).storeRoundTrips - tripsBefore - snapshots >= 1;
    }, 'another acquire attempt');
    expect(ran).toBe(false);
    await clock.advance(31_000);
    await call;
    expect(ran).toBe(true);
  });
});

describe('governor (shared mode on PGlite, one process)', () => {
  let store: ThroughlineDatabase;
  beforeAll(async () => {
    store = await pgliteEngine.open();
  });
  afterAll(async () => {
    await store.close();
  });

  it('leases and releases slots through the embedded store', async () => {
    const governor = createGovernor({ clock: systemClock, mode: 'shared', store: store.db, processId: 'solo', pollIntervalMs: 5, endpoints: { erp: { maxConcurrency: 2 } } });
    let inFlight = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        governor.run('erp', async () => {
          inFlight += 1;
          peak = Math.max(peak, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 1));
          inFlight -= 1;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect((await governor.snapshot()).endpoints[0]).toMatchObject({ successes: 20, inFlight: 0 });
  });
});
