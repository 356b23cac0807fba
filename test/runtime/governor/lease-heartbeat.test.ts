import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type ThroughlineDatabase } from '../../../src/persistence/database.js';
import { createManualClock, type ManualClock } from '../../../src/runtime/clock.js';
import { DEFAULT_ADAPTIVE_POLICY } from '../../../src/runtime/governor/adaptive-limit.js';
import { createGovernor } from '../../../src/runtime/governor/create-governor.js';
import { createLeaseHeartbeat, type HeldLease } from '../../../src/runtime/governor/lease-heartbeat.js';
import { createSharedSlotPool } from '../../../src/runtime/governor/shared-slot-pool.js';
import type { SlotPool } from '../../../src/runtime/governor/slot-pool.js';
import { describeEachEngine } from '../../support/engines.js';

const START = '2026-03-31T12:00:00.000Z';
const LEASE_MS = 60_000;
const STEP_MS = 1_000;
const endpoints = { erp: { maxConcurrency: 1 } };

/** One turn of the event loop: lets what a clock step set off (a wake-up, a mocked renewal) run. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Bounded poll for a condition another task brings about (a store round trip); never a fixed sleep. */
async function waitFor(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await turn();
  }
}

describeEachEngine('governor lease heartbeat (shared mode)', (engine) => {
  // Two "processes": on PostgreSQL two pools on one database; on PGlite the one embedded store.
  let store: ThroughlineDatabase;
  let otherStore: ThroughlineDatabase | null = null;
  beforeAll(async () => {
    store = await engine.open();
    const url = (store as ThroughlineDatabase & { url?: string }).url;
    if (url) otherStore = await openDatabase({ engine: 'postgres', url, poolSize: 2 });
  });
  afterAll(async () => {
    await otherStore?.close();
    await store.close();
  });
  beforeEach(async () => {
    await sql`truncate tl_governor_waiter, tl_governor_slot, tl_governor_endpoint`.execute(store.db);
  });

  const processOf = (processId: string, clock: ManualClock) =>
    createGovernor({ clock, mode: 'shared', store: store.db, processId, leaseMs: LEASE_MS, pollIntervalMs: 5, endpoints });
  const otherPoolOf = (clock: ManualClock): SlotPool =>
    createSharedSlotPool({
      store: (otherStore ?? store).db, clock, endpoints, processId: 'other', policy: DEFAULT_ADAPTIVE_POLICY, leaseMs: LEASE_MS, pollIntervalMs: 5,
    });
  const slotExpiry = async () =>
    new Date((await sql<{ expires_at: Date }>`select expires_at from tl_governor_slot where endpoint_id = 'erp'`.execute(store.db)).rows[0]!.expires_at).getTime();
  const slotHolder = async () =>
    (await sql<{ holder: string | null }>`select holder from tl_governor_slot where endpoint_id = 'erp'`.execute(store.db)).rows[0]!.holder;

  /** Starts a call on `governor` that runs until `finish` is called. */
  async function longCall(governor: ReturnType<typeof processOf>) {
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    let started = false;
    const call = governor.run('erp', async () => {
      started = true;
      await finished;
    });
    await waitFor(() => started, 'the long call to hold the slot');
    return { finish, call };
  }

  it('a call running for several lease periods keeps its slot: another process cannot take it', async () => {
    const clock = createManualClock(START);
    const holder = processOf('holder', clock);
    const other = otherPoolOf(clock);
    const { finish, call } = await longCall(holder);
    try {
      // 3.5 lease periods; at every second the other process asks for the slot.
      for (let elapsed = 0; elapsed < 3.5 * LEASE_MS; elapsed += STEP_MS) {
        await clock.advance(STEP_MS);
        // A renewal set off by this step may still be on its way to the store: the slot is the
        // holder's as long as its lease runs past now, which the heartbeat must keep true.
        await waitFor(async () => (await slotExpiry()) > clock.now().getTime(), 'the holder to renew its lease before it runs out');
        const attempt = await other.tryAcquire('erp', 1, 0);
        expect(attempt.leases, `other process took the slot ${elapsed + STEP_MS} ms into the call`).toEqual([]);
      }
      expect(await slotHolder()).toBe('holder');
      expect(await slotExpiry()).toBeGreaterThan(new Date(START).getTime() + 3 * LEASE_MS);
    } finally {
      finish();
      await call;
    }
    // Released at the end of the call: the other process gets it at once.
    expect((await other.tryAcquire('erp', 1, 0)).leases).toHaveLength(1);
    await other.close();
    await holder.close();
  });

  it('renews only while calls hold slots: an idle process sends nothing', async () => {
    const clock = createManualClock(START);
    const governor = processOf('idle', clock);
    await governor.run('erp', async () => undefined);
    const before = (await governor.snapshot()).storeRoundTrips;
    for (let elapsed = 0; elapsed < 10 * LEASE_MS; elapsed += 10 * STEP_MS) {
      await clock.advance(10 * STEP_MS);
      await turn();
    }
    // The second snapshot's own read is the only round trip in between.
    expect((await governor.snapshot()).storeRoundTrips).toBe(before + 1);
    await governor.close();
  });

  it("a crashed holder's slot (no more heartbeats) is reclaimed once its last renewal runs out", async () => {
    const clock = createManualClock(START);
    const holder = processOf('crashing', clock);
    const other = otherPoolOf(clock);
    const { finish, call } = await longCall(holder);
    for (let elapsed = 0; elapsed < 50_000; elapsed += STEP_MS) {
      await clock.advance(STEP_MS);
      await turn();
    }
    // The process dies mid-call: its heartbeat stops, its call never releases.
    await holder.close();
    const expiry = await slotExpiry();
    expect(expiry).toBeGreaterThan(new Date(START).getTime() + LEASE_MS);
    let reclaimedAt: number | null = null;
    for (let steps = 0; reclaimedAt === null && steps < 3 * LEASE_MS / STEP_MS; steps += 1) {
      await clock.advance(STEP_MS);
      await turn();
      if ((await other.tryAcquire('erp', 1, 0)).leases.length > 0) reclaimedAt = clock.now().getTime();
    }
    expect(reclaimedAt).not.toBeNull();
    expect(reclaimedAt!).toBeGreaterThanOrEqual(expiry);
    expect(reclaimedAt! - expiry).toBeLessThan(STEP_MS);
    // The zombie call ending later does not free the slot the other process now holds.
    finish();
    await call;
    expect(await slotHolder()).toBe('other');
    await other.close();
  });
});

describe('lease heartbeat', () => {
  const lease = (leaseId: string): HeldLease => ({ endpointId: 'erp', slot: 0, leaseId });

  it('renews every interval while leases are held, drops the ones it lost, and stops when none are left', async () => {
    const clock = createManualClock(START);
    const renewals: string[][] = [];
    const heartbeat = createLeaseHeartbeat({
      clock,
      intervalMs: 20_000,
      renew: async (leases) => {
        renewals.push(leases.map((l) => l.leaseId));
        return leases.filter((l) => l.leaseId === 'lost').map((l) => l.leaseId);
      },
    });
    heartbeat.hold(lease('a'));
    heartbeat.hold(lease('lost'));
    await clock.advance(19_999);
    expect(renewals).toEqual([]);
    await clock.advance(1);
    await turn();
    expect(renewals).toEqual([['a', 'lost']]);
    expect(heartbeat.held).toBe(1);
    await clock.advance(20_000);
    await turn();
    expect(renewals).toEqual([['a', 'lost'], ['a']]);
    heartbeat.drop('a');
    await clock.advance(100_000);
    await turn();
    expect(renewals).toHaveLength(2);
    // A lease granted after it went quiet starts it again.
    heartbeat.hold(lease('b'));
    await clock.advance(20_000);
    await turn();
    expect(renewals.at(-1)).toEqual(['b']);
    await heartbeat.close();
  });

  it('a lease granted in the same step as the last one is released is still renewed', async () => {
    const clock = createManualClock(START);
    const renewals: string[][] = [];
    const heartbeat = createLeaseHeartbeat({
      clock,
      intervalMs: 1_000,
      renew: async (leases) => {
        renewals.push(leases.map((l) => l.leaseId));
        return [];
      },
    });
    heartbeat.hold(lease('a'));
    await clock.advance(500);
    heartbeat.drop('a');
    heartbeat.hold(lease('b'));
    await turn();
    await clock.advance(1_000);
    await turn();
    expect(renewals).toEqual([['b']]);
    await heartbeat.close();
  });

  it('close() while a renewal is in flight ends the loop once it returns', async () => {
    const clock = createManualClock(START);
    let calls = 0;
    let answer!: () => void;
    const heartbeat = createLeaseHeartbeat({
      clock,
      intervalMs: 1_000,
      renew: () => {
        calls += 1;
        return new Promise<string[]>((resolve) => (answer = () => resolve([])));
      },
    });
    heartbeat.hold(lease('a'));
    await clock.advance(1_000);
    await turn();
    expect(calls).toBe(1);
    const closing = heartbeat.close();
    answer();
    await closing;
    await clock.advance(10_000);
    await turn();
    expect(calls).toBe(1);
  });
});
