import { createServer, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandboxClock } from '../../../src/sandboxes/kit/clock.js';
import { createRandom } from '../../../src/sandboxes/kit/random.js';
import { createWebhookDispatcher, createWebhookSecret } from '../../../src/sandboxes/kit/webhooks.js';

interface Received { headers: Record<string, string | string[] | undefined>; body: string }

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A receiver that answers with the given statuses in turn (then 200). */
async function receiver(statuses: number[] = []) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}/hook`, received };
}

const dispatcherWith = (faults = {}) =>
  createWebhookDispatcher({ clock: createSandboxClock('2026-01-01T00:00:00Z', 'manual'), random: createRandom(3), faults, retryBaseMs: 1 });

describe('webhook dispatcher', () => {
  it('signs per Standard Webhooks so the reference library verifies it', async () => {
    const r = await receiver();
    const secret = createWebhookSecret();
    expect(secret).toMatch(/^whsec_/);
    const d = dispatcherWith();
    d.register({ url: r.url, secret });
    const id = d.dispatch({ hello: 'world' });
    await d.flush();
    expect(r.received).toHaveLength(1);
    const msg = r.received[0]!;
    expect(msg.headers['webhook-id']).toBe(id);
    const verified = new Webhook(secret).verify(msg.body, msg.headers as Record<string, string>);
    expect(verified).toEqual({ hello: 'world' });
    expect(() => new Webhook(createWebhookSecret()).verify(msg.body, msg.headers as Record<string, string>)).toThrow();
  });

  it('delivers in order per subscriber and only what the subscriber accepts', async () => {
    const r = await receiver();
    const d = dispatcherWith();
    d.register({ url: r.url, accepts: (p) => (p as { n: number }).n % 2 === 0 });
    for (let n = 0; n < 10; n += 1) d.dispatch({ n });
    await d.flush();
    expect(r.received.map((m) => JSON.parse(m.body).n)).toEqual([0, 2, 4, 6, 8]);
  });

  it('retries failed deliveries with the same webhook id', async () => {
    const r = await receiver([500, 503]);
    const d = dispatcherWith();
    d.register({ url: r.url });
    d.dispatch({ a: 1 });
    await d.flush();
    expect(r.received).toHaveLength(3);
    expect(new Set(r.received.map((m) => m.headers['webhook-id'])).size).toBe(1);
    expect(d.deliveries().map((e) => e.status)).toEqual([500, 503, 200]);
  });

  it('a failing delivery does not hold back later ones while it waits to retry', async () => {
    const r = await receiver([500]);
    const d = createWebhookDispatcher({ clock: createSandboxClock('2026-01-01T00:00:00Z', 'manual'), random: createRandom(3), retryBaseMs: 30 });
    d.register({ url: r.url });
    d.dispatch({ n: 1 });
    d.dispatch({ n: 2 });
    await d.flush();
    expect(r.received.map((m) => JSON.parse(m.body).n)).toEqual([1, 2, 1]);
  });

  it('gives up after maxAttempts and a closed dispatcher sends nothing', async () => {
    const r = await receiver([500, 500, 500, 500]);
    const d = createWebhookDispatcher({ clock: createSandboxClock(), random: createRandom(1), retryBaseMs: 1, maxAttempts: 3 });
    d.register({ url: r.url });
    d.dispatch({ a: 1 });
    await d.flush();
    expect(r.received).toHaveLength(3);
    d.close();
    d.dispatch({ a: 2 });
    await d.flush();
    expect(r.received).toHaveLength(3);
  });

  it('duplicates and reorders deliveries when the faults say so', async () => {
    const r = await receiver();
    const d = dispatcherWith({ duplicateRate: 0.5, outOfOrderRate: 0.3, maxDelayMs: 20 });
    d.register({ url: r.url });
    for (let n = 0; n < 30; n += 1) d.dispatch({ n });
    await d.flush();
    const ns = r.received.map((m) => JSON.parse(m.body).n as number);
    expect(ns.length).toBeGreaterThan(30);
    expect(new Set(ns).size).toBe(30);
    expect(ns).not.toEqual([...ns].sort((a, b) => a - b));
  });
});
