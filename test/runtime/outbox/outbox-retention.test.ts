import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { ThroughlineDatabase } from '../../../src/persistence/database.js';
import { createManualClock } from '../../../src/runtime/clock.js';
import { enqueueOutbox } from '../../../src/runtime/outbox/enqueue-outbox.js';
import { createInProcessSink } from '../../../src/runtime/outbox/in-process-sink.js';
import { createOutboxRelay } from '../../../src/runtime/outbox/outbox-relay.js';
import type { OutboxMessage } from '../../../src/runtime/outbox/outbox-sink.js';
import { describeEachEngine } from '../../support/engines.js';
import { waitFor } from '../../support/wait-for.js';

const DAY = 24 * 60 * 60_000;
const retry = { maxAttempts: 3, initialBackoffMs: 1_000, maxBackoffMs: 10_000 };

/** A sink recording what it received; `failing` holds payload numbers it refuses (until removed). */
function recordingSink(name = 'subscribers') {
  const sink = createInProcessSink(name);
  const received: OutboxMessage[] = [];
  const failing = new Set<number>();
  sink.subscribe('*', (message) => {
    const n = (message.payload as { n: number }).n;
    if (failing.has(n)) throw new Error('subscriber unavailable');
    received.push(message);
  });
  const byKey = (key: string) => received.filter((m) => m.key === key).map((m) => (m.payload as { n: number }).n);
  return { sink, received, failing, byKey };
}

const messages = (ns: number[], keys = 1) => ns.map((n) => ({ topic: 't', key: `k${n % keys}`, payload: { n } }));

describeEachEngine('outbox retention', (engine) => {
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

  const remaining = async () => {
    const rows = await sql<{ payload: { n: number } }>`select payload from tl_outbox_message order by id`.execute(store.db);
    return rows.rows.map((r) => r.payload.n);
  };
  const deliveryRows = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from tl_outbox_delivery`.execute(store.db)).rows[0]!.n;

  it('deletes a delivered message once it is older than the retention, with its delivery rows', async () => {
    const clock = createManualClock();
    const { sink } = recordingSink();
    const relay = createOutboxRelay({ store: store.db, clock, sinks: [sink], batchSize: 50, retry, retention: { retentionMs: 7 * DAY } });
    await enqueueOutbox(store.db, messages([1, 2]), clock.now());
    expect(await relay.relayOnce()).toMatchObject({ delivered: 2 });
    await clock.advance(7 * DAY + 1);
    expect(await relay.prune()).toEqual({ deleted: 2, statements: 2, more: false });
    expect(await remaining()).toEqual([]);
    expect(await deliveryRows()).toBe(0);
  });

  it('keeps a delivered message until the retention has passed since it was written and since it was delivered', async () => {
    const clock = createManualClock();
    const { sink, failing } = recordingSink();
    const relay = createOutboxRelay({ store: store.db, clock, sinks: [sink], batchSize: 50, retry: { ...retry, maxAttempts: 99 }, retention: { retentionMs: 7 * DAY } });
    await enqueueOutbox(store.db, messages([1, 2], 2), clock.now());
    failing.add(2);
    await relay.relayOnce();
    // Message 2 reaches its subscriber only after a five-day outage.
    await clock.advance(5 * DAY);
    failing.clear();
    expect(await relay.relayOnce()).toMatchObject({ delivered: 1 });
    await clock.advance(2 * DAY);
    expect(await relay.prune()).toMatchObject({ deleted: 0 });
    expect(await remaining()).toEqual([1, 2]);
    await clock.advance(1);
    expect(await relay.prune()).toMatchObject({ deleted: 1 });
    expect(await remaining()).toEqual([2]);
    await clock.advance(5 * DAY);
    expect(await relay.prune()).toMatchObject({ deleted: 1 });
    expect(await remaining()).toEqual([]);
  });

  it('never deletes a message that a sink still owes (pending or dead), nor one not yet fanned out', async () => {
    const clock = createManualClock();
    const warehouse = recordingSink('warehouse');
    const nats = recordingSink('nats');
    const relay = createOutboxRelay({
      store: store.db, clock, sinks: [warehouse.sink, nats.sink], batchSize: 50,
      retry: { maxAttempts: 2, initialBackoffMs: 1_000, maxBackoffMs: 10_000 }, retention: { retentionMs: DAY },
    });
    nats.failing.add(2);
    await enqueueOutbox(store.db, messages([2, 3], 5), clock.now());
    await relay.relayOnce();
    await clock.advance(1_000);
    expect(await relay.relayOnce()).toMatchObject({ dead: 1 });
    nats.failing.add(1);
    await enqueueOutbox(store.db, messages([1], 5), clock.now());
    expect(await relay.relayOnce()).toMatchObject({ delivered: 1, failed: 1 });
    // Written long ago but never relayed: no delivery rows yet.
    await enqueueOutbox(store.db, messages([4], 5), new Date(clock.now().getTime() - 2 * DAY));
    const statuses = await sql<{ payload: { n: number }; sink: string; status: string }>`
      select m.payload, d.sink, d.status from tl_outbox_delivery d join tl_outbox_message m on m.id = d.message_id
      order by d.message_id, d.sink`.execute(store.db);
    expect(statuses.rows.map((r) => `${r.payload.n}:${r.sink}:${r.status}`)).toEqual([
      '2:nats:dead', '2:warehouse:delivered', '3:nats:delivered', '3:warehouse:delivered', '1:nats:pending', '1:warehouse:delivered',
    ]);
    await clock.advance(3 * DAY);
    expect(await relay.prune()).toMatchObject({ deleted: 1, more: false });
    expect(await remaining()).toEqual([2, 1, 4]);
  });

  it('prunes in statements of at most batchSize messages until everything eligible is gone', async () => {
    const clock = createManualClock();
    const warehouse = recordingSink('warehouse');
    const nats = recordingSink('nats');
    const relay = createOutboxRelay({
      store: store.db, clock, sinks: [warehouse.sink, nats.sink], batchSize: 500, retry: { ...retry, maxAttempts: 1 },
      retention: { retentionMs: DAY, batchSize: 40, maxBatches: 3 },
    });
    // The oldest delivered row belongs to a message another sink never got: it heads the delivered
    // index and must not hide the eligible messages behind it.
    nats.failing.add(0);
    await enqueueOutbox(store.db, messages(Array.from({ length: 250 }, (_, i) => i), 5), clock.now());
    // The dead message stops its key for the rest of that pass on nats; the next pass finishes it.
    const passes = [await relay.relayOnce(), await relay.relayOnce()];
    expect(passes.reduce((sum, p) => sum + p.delivered, 0)).toBe(499);
    await clock.advance(DAY + 1);
    const oneAtATime = createOutboxRelay({ store: store.db, clock, sinks: [], batchSize: 1, retention: { retentionMs: DAY, batchSize: 1, maxBatches: 1 } });
    expect(await oneAtATime.prune()).toEqual({ deleted: 1, statements: 1, more: true });
    expect(await relay.prune()).toEqual({ deleted: 60, statements: 3, more: true });
    let total = 60;
    for (let i = 0; i < 10; i += 1) {
      const report = await relay.prune();
      total += report.deleted;
      if (!report.more) break;
    }
    expect(total).toBe(248);
    expect(await remaining()).toEqual([0]);
  });

  it('keeps delivering each key in order across prunes', async () => {
    const clock = createManualClock();
    const { sink, received, byKey, failing } = recordingSink();
    const relay = createOutboxRelay({ store: store.db, clock, sinks: [sink], batchSize: 7, retry: { ...retry, maxAttempts: 99 }, retention: { retentionMs: DAY, batchSize: 5 } });
    failing.add(4); // holds key k1 back across the prune
    await enqueueOutbox(store.db, messages(Array.from({ length: 30 }, (_, i) => i), 3), clock.now());
    await relay.relayOnce();
    await relay.relayOnce();
    await clock.advance(DAY + 1);
    await enqueueOutbox(store.db, messages(Array.from({ length: 30 }, (_, i) => 30 + i), 3), clock.now());
    const firstPrune = await relay.prune();
    expect(firstPrune.deleted).toBeGreaterThan(0);
    failing.clear();
    for (let pass = 0; pass < 40 && received.length < 60; pass += 1) {
      await clock.advance(20_000);
      await relay.relayOnce();
      if (pass % 3 === 0) await relay.prune();
    }
    expect(received).toHaveLength(60);
    expect(new Set(received.map((m) => m.id)).size).toBe(60);
    for (let k = 0; k < 3; k += 1) {
      expect(byKey(`k${k}`)).toEqual(Array.from({ length: 20 }, (_, i) => k + 3 * i));
    }
  });

  it('a running relay prunes on its clock', async () => {
    const clock = createManualClock();
    const { sink, received } = recordingSink();
    const relay = createOutboxRelay({
      store: store.db, clock, sinks: [sink], batchSize: 50, retry, pollIntervalMs: 1_000,
      retention: { retentionMs: DAY, intervalMs: 60 * 60_000 },
    });
    await enqueueOutbox(store.db, messages([1]), clock.now());
    relay.start();
    try {
      await waitFor(() => received.length > 0, { what: 'the running relay to deliver the message', between: () => clock.advance(1_000) });
      expect(received).toHaveLength(1);
      await clock.advance(DAY);
      await waitFor(async () => (await remaining()).length === 0, { what: 'the running relay to prune the delivered message', between: () => clock.advance(60_000) });
      expect(await remaining()).toEqual([]);
    } finally {
      await relay.stop();
    }
  });
});
