import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type ThroughlineDatabase } from '../../../src/persistence/database.js';
import { createManualClock, systemClock, type Clock, type ManualClock } from '../../../src/runtime/clock.js';
import { RetryableError } from '../../../src/runtime/errors.js';
import { createGovernor } from '../../../src/runtime/governor/create-governor.js';
import { GOVERNOR_PRIORITY } from '../../../src/runtime/governor/governor-types.js';
import { openFreshPostgres, pgliteEngine, testDatabaseUrl } from '../../support/engines.js';
import { nextTurn, waitFor } from '../../support/wait-for.js';

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

/** A manual clock that tells how many sleeps on it are pending (a governor waiting for its next look). */
function watchedClock(clock: ManualClock): { clock: Clock; sleepers: () => number } {
  let sleepers = 0;
  return {
    clock: {
      now: () => clock.now(),
      sleep: (ms, signal) => {
        sleepers += 1;
        return clock.sleep(ms, signal).finally(() => (sleepers -= 1));
      },
    },
    sleepers: () => sleepers,
  };
}

/**
 * Moves a manual clock in steps until `done`, each step only once the governor sleeps on the clock
 * again: a governor mid-query when the clock moved would otherwise miss that step and see time jump.
 */
async function advanceUntil(clock: ManualClock, sleepers: () => number, stepMs: number, done: () => boolean, what: string): Promise<void> {
  await waitFor(done, {
    what,
    timeoutMs: 20_000,
    between: async () => {
      await waitFor(() => done() || sleepers() > 0, { what: `the governor to sleep on the clock (while waiting for ${what})` });
      if (done()) return;
      await clock.advance(stepMs);
      await nextTurn(); // the woken sleeper leaves the count before it is read again
    },
  });
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
    await waitFor(() => holding, { what: 'the first call to hold the slot' });
    const waiting = [
      routine.run('erp', async () => void order.push('routine')),
      monthEnd.run('erp', async () => void order.push('month-end'), { priority: GOVERNOR_PRIORITY.high }),
    ];
    await waitFor(
      async () => ((await sql<{ n: number }>`select count(*)::int as n from tl_governor_waiter`.execute(a!.db)).rows[0]?.n ?? 0) === 1,
      { what: 'the high-priority claim' },
    );
    release();
    await Promise.all([first, ...waiting]);
    expect(order).toEqual(['month-end', 'routine']);
  });

  it('a request rate is one budget across processes', async () => {
    const [a, b] = await openProcesses(2);
    const options = { clock: systemClock, mode: 'shared' as const, pollIntervalMs: 5, endpoints: { kantata: { maxConcurrency: 10, requestsPerSecond: 20 } } };
    const governors = [createGovernor({ ...options, store: a!.db, processId: 'a' }), createGovernor({ ...options, store: b!.db, processId: 'b' })];
    const starts: number[] = [];
    await Promise.all(governors.flatMap((g) => Array.from({ length: 10 }, () => g.run('kantata', async () => void starts.push(Date.now())))));
    // 20 calls at 20/s with a burst of 1 need at least 19 intervals of 50 ms in total, whichever process
    // asks; two per-process buckets would finish in about half that.
    const span = Math.max(...starts) - Math.min(...starts);
    expect(span).toBeGreaterThanOrEqual(19 * 50 * 0.9);
  });

  it('a slot leased by a dead process is reclaimed once its lease expires', async () => {
    const [a] = await openProcesses(1);
    const clock = createManualClock('2026-03-31T12:00:00.000Z');
    const watched = watchedClock(clock);
    const governor = createGovernor({ clock: watched.clock, mode: 'shared', store: a!.db, processId: 'live', pollIntervalMs: 5, leaseMs: 60_000, endpoints: { erp: { maxConcurrency: 1 } } });
    await governor.snapshot(); // provisions the endpoint and its slot
    const expiry = new Date('2026-03-31T12:01:00.000Z').getTime();
    await sql`update tl_governor_slot set holder = 'dead', lease_id = 'dead:1:0', expires_at = ${new Date(expiry).toISOString()}`.execute(a!.db);
    let ranAt: number | null = null;
    const call = governor.run('erp', async () => {
      ranAt = clock.now().getTime();
    });
    await advanceUntil(clock, watched.sleepers, 1_000, () => ranAt !== null, 'the slot to be reclaimed');
    await call;
    // Not before the dead holder's lease ran out, and soon after it.
    expect(ranAt).toBeGreaterThanOrEqual(expiry);
    expect(ranAt! - expiry).toBeLessThanOrEqual(5_000);
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
