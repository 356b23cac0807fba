import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type ThroughlineDatabase } from '../../../src/persistence/database.js';
import { createManualClock } from '../../../src/runtime/clock.js';
import { enqueueOutbox } from '../../../src/runtime/outbox/enqueue-outbox.js';
import { createInProcessSink } from '../../../src/runtime/outbox/in-process-sink.js';
import { createOutboxRelay } from '../../../src/runtime/outbox/outbox-relay.js';
import type { OutboxMessage } from '../../../src/runtime/outbox/outbox-sink.js';
import { describeEachEngine, openFreshPostgres, testDatabaseUrl } from '../../support/engines.js';

const retry = { maxAttempts: 3, initialBackoffMs: 1_000, maxBackoffMs: 10_000 };

function recordingSink(name = 'subscribers') {
  const sink = createInProcessSink(name);
  const received: OutboxMessage[] = [];
  const failures = new Map<string, number>();
  sink.subscribe('*', (message) => {
    const remaining = failures.get(`${message.key}#${(message.payload as { n: number }).n}`) ?? 0;
    if (remaining > 0) {
      failures.set(`${message.key}#${(message.payload as { n: number }).n}`, remaining - 1);
      throw new Error('subscriber unavailable');
    }
    received.push(message);
  });
  const byKey = (key: string) => received.filter((m) => m.key === key).map((m) => (m.payload as { n: number }).n);
  return { sink, received, failures, byKey };
}

describeEachEngine('outbox relay', (engine) => {
  // One store per engine (opening PGlite is slow); each test starts from an empty outbox.
  let store: ThroughlineDatabase;
  beforeAll(async () => {
    store = await engine.open();
  });
  afterAll(async () => {
    await store.close();
  });
  beforeEach(async () => {
    await sql`truncate tl_outbox_delivery, tl_outbox_message, tl_outbox_sink restart identity`.execute(store.db);
  });

  it('relays committed messages with topic, key, payload and headers; never twice', async () => {
    const clock = createManualClock();
    const { sink, received } = recordingSink();
    const relay = createOutboxRelay({ store: store.db, clock, sinks: [sink], batchSize: 50, retry });
    await store.db.transaction().execute((trx) =>
      enqueueOutbox(trx, [{ topic: 'time.posted', key: 'tl_project_1', payload: { n: 1, amount: '1200.00' }, headers: { traceparent: '00-abc-01' } }], clock.now()),
    );
    expect(await relay.relayOnce()).toEqual({ fannedOut: 1, delivered: 1, failed: 0, dead: 0 });
    expect(await relay.relayOnce()).toEqual({ fannedOut: 0, delivered: 0, failed: 0, dead: 0 });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ topic: 'time.posted', key: 'tl_project_1', payload: { n: 1, amount: '1200.00' }, headers: { traceparent: '00-abc-01' } });
  });

  it('a rolled-back transaction publishes nothing', async () => {
    const clock = createManualClock();
    const { sink, received } = recordingSink();
    await expect(
      store.db.transaction().execute(async (trx) => {
        await enqueueOutbox(trx, [{ topic: 'invoice.issued', key: 'inv-1', payload: { n: 1 } }], clock.now());
        throw new Error('state change failed');
      }),
    ).rejects.toThrow();
    await createOutboxRelay({ store: store.db, clock, sinks: [sink], batchSize: 50 }).relayOnce();
    expect(received).toHaveLength(0);
  });

  it('retries a failing subscriber with backoff and holds back later messages of the same key', async () => {
    const clock = createManualClock();
    const { sink, failures, byKey } = recordingSink();
    const relay = createOutboxRelay({ store: store.db, clock, sinks: [sink], batchSize: 50, retry });
    failures.set('k1#1', 2);
    await enqueueOutbox(
      store.db,
      [1, 2, 3].map((n) => ({ topic: 't', key: 'k1', payload: { n } })).concat([1, 2].map((n) => ({ topic: 't', key: 'k2', payload: { n } }))),
      clock.now(),
    );
    expect(await relay.relayOnce()).toMatchObject({ delivered: 2, failed: 1 });
    expect(byKey('k1')).toEqual([]);
    expect(byKey('k2')).toEqual([1, 2]);
    await clock.advance(500);
    expect(await relay.relayOnce()).toMatchObject({ delivered: 0, failed: 0 });
    await clock.advance(500);
    expect(await relay.relayOnce()).toMatchObject({ delivered: 0, failed: 1 });
    await clock.advance(2_000);
    expect(await relay.relayOnce()).toMatchObject({ delivered: 3, failed: 0 });
    expect(byKey('k1')).toEqual([1, 2, 3]);
    const row = await store.db.selectFrom('tl_outbox_delivery').select(['attempts', 'status']).where('key', '=', 'k1').orderBy('message_id').executeTakeFirst();
    expect(row).toEqual({ attempts: 3, status: 'delivered' });
  });

  it('gives up after the last attempt and lets the key move on', async () => {
    const clock = createManualClock();
    const { sink, failures, byKey } = recordingSink();
    const relay = createOutboxRelay({ store: store.db, clock, sinks: [sink], batchSize: 50, retry });
    failures.set('k#1', 99);
    await enqueueOutbox(store.db, [1, 2].map((n) => ({ topic: 't', key: 'k', payload: { n } })), clock.now());
    await relay.relayOnce();
    await clock.advance(1_000);
    await relay.relayOnce();
    await clock.advance(2_000);
    expect(await relay.relayOnce()).toMatchObject({ dead: 1 });
    await relay.relayOnce();
    expect(byKey('k')).toEqual([2]);
    const dead = await store.db.selectFrom('tl_outbox_delivery').select(['status', 'last_error', 'attempts']).where('status', '=', 'dead').execute();
    expect(dead).toEqual([{ status: 'dead', last_error: 'subscriber unavailable', attempts: 3 }]);
  });

  it('tracks delivery per sink: one failing sink does not hold back another', async () => {
    const clock = createManualClock();
    const healthy = recordingSink('warehouse');
    const broken = createInProcessSink('nats');
    broken.subscribe('*', () => {
      throw new Error('no responders');
    });
    const relay = createOutboxRelay({ store: store.db, clock, sinks: [healthy.sink, broken], batchSize: 50, retry });
    await enqueueOutbox(store.db, [{ topic: 't', key: 'k', payload: { n: 1 } }], clock.now());
    expect(await relay.relayOnce()).toMatchObject({ fannedOut: 1, delivered: 1, failed: 1 });
    expect(healthy.byKey('k')).toEqual([1]);
  });

  it('start() keeps relaying on the poll interval until stop()', async () => {
    const clock = createManualClock();
    const { sink, received } = recordingSink();
    const relay = createOutboxRelay({ store: store.db, clock, sinks: [sink], batchSize: 50, retry, pollIntervalMs: 200 });
    relay.start();
    await enqueueOutbox(store.db, [{ topic: 't', key: 'k', payload: { n: 1 } }], clock.now());
    const deadline = Date.now() + 10_000;
    while (received.length === 0 && Date.now() < deadline) {
      await clock.advance(200);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(received).toHaveLength(1);
    await relay.stop();
    await enqueueOutbox(store.db, [{ topic: 't', key: 'k', payload: { n: 2 } }], clock.now());
    await clock.advance(1_000);
    expect(received).toHaveLength(1);
  });

  it('works through a backlog larger than one batch, in key order', async () => {
    const clock = createManualClock();
    const { sink, byKey, received } = recordingSink();
    const relay = createOutboxRelay({ store: store.db, clock, sinks: [sink], batchSize: 64, retry });
    await enqueueOutbox(store.db, Array.from({ length: 300 }, (_, i) => ({ topic: 't', key: `k${i % 7}`, payload: { n: i } })), clock.now());
    for (let pass = 0; pass < 20 && received.length < 300; pass += 1) await relay.relayOnce();
    expect(received).toHaveLength(300);
    for (let k = 0; k < 7; k += 1) {
      const ns = byKey(`k${k}`);
      expect(ns).toEqual([...ns].sort((a, b) => a - b));
    }
  });
});

describe.skipIf(!testDatabaseUrl)('outbox relay on PostgreSQL with concurrent transactions', () => {
  const opened: ThroughlineDatabase[] = [];
  afterEach(async () => {
    for (const store of opened.splice(0).reverse()) await store.close();
  });

  it('delivers a row whose transaction commits after a higher id was already relayed', async () => {
    const store = await openFreshPostgres();
    opened.push(store);
    const clock = createManualClock();
    const { sink, received } = recordingSink();
    const relay = createOutboxRelay({ store: store.db, clock, sinks: [sink], batchSize: 50, retry });
    let commitSlow!: () => void;
    const slowMayCommit = new Promise<void>((resolve) => (commitSlow = resolve));
    let slowEnqueued!: () => void;
    const slowHasId = new Promise<void>((resolve) => (slowEnqueued = resolve));
    let slowId = 0;
    const slow = store.db.transaction().execute(async (trx) => {
      slowId = (await enqueueOutbox(trx, [{ topic: 't', key: 'a', payload: { n: 1 } }], clock.now()))[0]!;
      slowEnqueued();
      await slowMayCommit;
    });
    await slowHasId;
    const [fastId] = await store.db.transaction().execute((trx) => enqueueOutbox(trx, [{ topic: 't', key: 'b', payload: { n: 2 } }], clock.now()));
    expect(fastId).toBeGreaterThan(slowId);
    expect(await relay.relayOnce()).toMatchObject({ fannedOut: 1, delivered: 1 });
    commitSlow();
    await slow;
    expect(await relay.relayOnce()).toMatchObject({ fannedOut: 1, delivered: 1 });
    expect(received.map((m) => m.id)).toEqual([fastId, slowId]);
  });

  // Regression: while one relay's fan-out of an earlier message of a key was uncommitted, another
  // relay fanned out and delivered a later message of that key first (seen as a flaky key-order failure).
  it('does not deliver a later message of a key while an earlier one is still being fanned out elsewhere', async () => {
    const store = await openFreshPostgres();
    opened.push(store);
    const other = await openDatabase({ engine: 'postgres', url: store.url, poolSize: 2 });
    opened.push(other);
    const clock = createManualClock();
    const { sink, received } = recordingSink();
    const [firstId, secondId] = await enqueueOutbox(store.db, [
      { topic: 't', key: 'k', payload: { n: 1 } },
      { topic: 't', key: 'k', payload: { n: 2 } },
    ], clock.now());
    const relay = createOutboxRelay({ store: store.db, clock, sinks: [sink], batchSize: 50, retry });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    // Another relay is fanning out the first message: its row is locked, its fan-out not yet committed.
    const fanningOut = other.db.transaction().execute(async (trx) => {
      await sql`select id from tl_outbox_message where id = ${firstId} for update`.execute(trx);
      locked();
      await released;
    });
    await isLocked;
    await relay.relayOnce();
    expect(received.map((m) => m.id)).toEqual([]);
    release();
    await fanningOut;
    await relay.relayOnce();
    await relay.relayOnce();
    expect(received.map((m) => m.id)).toEqual([firstId, secondId]);
  });

  it('two relays on separate connections deliver every message once, in key order', async () => {
    const store = await openFreshPostgres();
    opened.push(store);
    const other = await openDatabase({ engine: 'postgres', url: store.url, poolSize: 4 });
    opened.push(other);
    const clock = createManualClock();
    const { sink, received, byKey } = recordingSink();
    await enqueueOutbox(store.db, Array.from({ length: 1_000 }, (_, i) => ({ topic: 't', key: `k${i % 10}`, payload: { n: i } })), clock.now());
    const relays = [store, other].map((s) => createOutboxRelay({ store: s.db, clock, sinks: [sink], batchSize: 40, retry }));
    for (let pass = 0; pass < 100 && received.length < 1_000; pass += 1) await Promise.all(relays.map((r) => r.relayOnce()));
    expect(received).toHaveLength(1_000);
    expect(new Set(received.map((m) => m.id)).size).toBe(1_000);
    for (let k = 0; k < 10; k += 1) {
      const ns = byKey(`k${k}`);
      expect(ns).toEqual([...ns].sort((a, b) => a - b));
    }
  });
});
