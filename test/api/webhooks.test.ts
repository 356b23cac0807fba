import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiServer } from '../../src/api/create-api-server.js';
import { createWebhookStats } from '../../src/api/webhooks/webhook-stats.js';
import { eventDefinitions } from '../../src/canonical/events/index.js';
import { createIntake } from '../../src/intake/create-intake.js';
import type { WebhookHandler } from '../../src/intake/inbound-source.js';
import type { ThroughlineDatabase } from '../../src/persistence/database.js';
import { createManualClock } from '../../src/runtime/clock.js';
import { createFlowRegistry } from '../../src/runtime/flows/flow-registry.js';
import { timeEvent } from '../flows/time-to-ledger/harness.js';
import { describeEachEngine } from '../support/engines.js';

const secret = `whsec_${Buffer.from('a-test-secret-of-enough-length!!').toString('base64')}`;

/** Deliveries the handler was given, by webhook-id. */
const handled: string[] = [];

/** A handler that takes `{ events, echoes }` bodies as they are. */
const passThrough: WebhookHandler = {
  connection: 'salesforce',
  async handle(delivery) {
    handled.push(delivery.webhookId);
    const body = delivery.body as { events: unknown[]; echoes?: number };
    return { events: body.events, echoesDropped: body.echoes ?? 0, ignored: 0 };
  },
};

describeEachEngine('POST /v1/webhooks/:connection', (engine) => {
  let store: ThroughlineDatabase;
  const clock = createManualClock('2026-03-02T12:00:00.000Z');
  const stats = createWebhookStats();
  let app: Awaited<ReturnType<typeof createApiServer>>;
  beforeAll(async () => {
    handled.length = 0;
    store = await engine.open();
    const intake = createIntake({ store, clock, definitions: Object.values(eventDefinitions), flows: createFlowRegistry([]) });
    app = await createApiServer({ store, intake, webhookHandlers: [passThrough], webhookSecrets: { salesforce: secret }, clock, stats });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  /** Signs like a Standard Webhooks sender (the reference library, not our verifier). */
  const deliver = (id: string, body: unknown, options: { at?: Date; key?: string; connection?: string; tamper?: boolean } = {}) => app.inject(request(id, body, options));
  const request = (id: string, body: unknown, options: { at?: Date; key?: string; connection?: string; tamper?: boolean } = {}) => {
    const payload = JSON.stringify(body);
    const at = options.at ?? clock.now();
    return {
      method: 'POST',
      url: `/v1/webhooks/${options.connection ?? 'salesforce'}`,
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': new Webhook(options.key ?? secret).sign(id, at, payload),
      },
      payload: options.tamper ? payload.replace('"echoes":0', '"echoes":1') : payload,
    } as const;
  };
  const stored = async (ids: string[]) => (await store.db.selectFrom('tl_event').select('id').where('id', 'in', ids).execute()).length;

  it('ingests a signed delivery and answers with what became of each change', async () => {
    const events = [timeEvent('approved', { timecard: 'WH1' }), timeEvent('approved', { timecard: 'WH2' })];
    const response = await deliver('msg_1', { events: [...events, { not: 'an event' }], echoes: 2 });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ accepted: 2, duplicates: 0, rejected: 1, echoesDropped: 2 });
    expect(await stored(events.map((e) => e.id))).toBe(2);
  });

  it('counts a redelivered change under a new webhook-id as a duplicate, not a second event', async () => {
    const event = timeEvent('approved', { timecard: 'WH3' });
    expect((await deliver('msg_2', { events: [event] })).json()).toMatchObject({ accepted: 1 });
    expect((await deliver('msg_3', { events: [{ ...event, id: 'another-id' }] })).json()).toMatchObject({ accepted: 0, duplicates: 1 });
  });

  it('answers a genuine redelivery (same webhook-id, body and signature) 200 as a redelivery and ingests nothing twice', async () => {
    const event = timeEvent('approved', { timecard: 'WHR1' });
    const delivery = request('msg_r1', { events: [event] });
    const first = await app.inject(delivery);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ accepted: 1 });
    expect(first.json().redelivery).toBeUndefined();
    // The sender lost our answer and sends the very same request again.
    const again = await app.inject(delivery);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ redelivery: true, accepted: 0, duplicates: 0, rejected: 0, echoesDropped: 0, ignored: 0, rejectReasons: [] });
    // A retry a minute later carries a new timestamp, so a new signature: still the same delivery.
    await clock.advance(60_000);
    expect((await deliver('msg_r1', { events: [event] })).json()).toMatchObject({ redelivery: true, accepted: 0 });
    // The same delivery with a timestamp outside the tolerance is stale, redelivery or not.
    const stale = await deliver('msg_r1', { events: [event] }, { at: new Date(clock.now().getTime() - 6 * 60_000) });
    expect(stale.statusCode).toBe(401);
    expect(stale.json().detail).toMatch(/stale timestamp/);
    expect(handled.filter((id) => id === 'msg_r1')).toHaveLength(1);
    expect(await stored([event.id])).toBe(1);
    const receipts = await store.db.selectFrom('tl_webhook_receipt').select('webhook_id').where('webhook_id', '=', 'msg_r1').execute();
    expect(receipts).toHaveLength(1);
  });

  it('takes a receipt written before body digests were kept (no digest) as the same body: a redelivery', async () => {
    await store.db.insertInto('tl_webhook_receipt').values({ connection_id: 'salesforce', webhook_id: 'msg_old', received_at: clock.now(), events: 1 }).execute();
    const event = timeEvent('approved', { timecard: 'WHR0' });
    const answer = await deliver('msg_old', { events: [event] });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ redelivery: true, accepted: 0 });
    expect(await stored([event.id])).toBe(0);
  });

  it('answers two copies of one delivery arriving at once both 200, one of them as a redelivery; one event is stored', async () => {
    const event = timeEvent('approved', { timecard: 'WHR2' });
    const delivery = request('msg_r2', { events: [event] });
    const answers = await Promise.all([app.inject(delivery), app.inject(delivery)]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
    expect(answers.map((a) => a.json().redelivery === true).sort()).toEqual([false, true]);
    expect(answers.map((a) => a.json().accepted as number).sort()).toEqual([0, 1]);
    expect(await stored([event.id])).toBe(1);
  });

  it('refuses a webhook-id reused for a different body (409), a forged signature, a tampered body and a stale timestamp (401); nothing is ingested', async () => {
    const first = timeEvent('approved', { timecard: 'WH4' });
    expect((await deliver('msg_4', { events: [first] })).statusCode).toBe(200);
    const fresh = [timeEvent('approved', { timecard: 'WH5' }), timeEvent('approved', { timecard: 'WH6' }), timeEvent('approved', { timecard: 'WH7' }), timeEvent('approved', { timecard: 'WH8' })];
    const before = stats.snapshot().salesforce!;

    // Validly signed, but the id was already taken by another body: not a redelivery.
    const reused = await deliver('msg_4', { events: [fresh[0]] });
    expect(reused.statusCode).toBe(409);
    expect(reused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(reused.json()).toEqual({
      type: '/problems/webhook_id_reused', title: 'Webhook id reused', status: 409, code: 'webhook_id_reused',
      detail: 'webhook-id msg_4 was already taken by a different body', instance: '/v1/webhooks/salesforce', webhookId: 'msg_4',
    });
    // The old signature replayed with another body does not verify.
    const replayedSignature = request('msg_4', { events: [first] });
    const forgedReuse = await app.inject({ ...replayedSignature, payload: JSON.stringify({ events: [fresh[0]] }) });
    expect(forgedReuse.statusCode).toBe(401);
    expect(forgedReuse.json()).toMatchObject({ type: '/problems/invalid_signature', status: 401, code: 'invalid_signature' });

    const forged = await deliver('msg_5', { events: [fresh[1]] }, { key: `whsec_${Buffer.from('someone-elses-secret-0123456789').toString('base64')}` });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().detail).toMatch(/signature/);

    const tampered = await deliver('msg_6', { events: [fresh[2]], echoes: 0 }, { tamper: true });
    expect(tampered.statusCode).toBe(401);

    const stale = await deliver('msg_7', { events: [fresh[3]] }, { at: new Date(clock.now().getTime() - 6 * 60_000) });
    expect(stale.statusCode).toBe(401);
    expect(stale.json().detail).toMatch(/stale timestamp/);
    const future = await deliver('msg_8', { events: [fresh[3]] }, { at: new Date(clock.now().getTime() + 6 * 60_000) });
    expect(future.statusCode).toBe(401);

    expect(await stored(fresh.map((e) => e.id))).toBe(0);
    const receipts = await store.db.selectFrom('tl_webhook_receipt').select('webhook_id').where('webhook_id', 'in', ['msg_5', 'msg_6', 'msg_7', 'msg_8']).execute();
    expect(receipts).toEqual([]);
    // A timestamp inside the tolerance on the receiver clock is fine.
    expect((await deliver('msg_9', { events: [] }, { at: new Date(clock.now().getTime() - 4 * 60_000) })).statusCode).toBe(200);
    const after = stats.snapshot().salesforce!;
    expect(after.refused - before.refused).toBe(6);
    expect(after.redeliveries).toBe(before.redeliveries);
    expect(handled).not.toContain('msg_5');
  });

  it('answers 404 for a connection without a receiver and 401 without signature headers', async () => {
    const unknown = await deliver('msg_10', { events: [] }, { connection: 'nobody' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({
      type: '/problems/unknown_connection', title: 'Unknown connection', status: 404, code: 'unknown_connection',
      detail: 'no webhook receiver for connection "nobody"', instance: '/v1/webhooks/nobody',
    });
    const unsigned = await app.inject({ method: 'POST', url: '/v1/webhooks/salesforce', headers: { 'content-type': 'application/json' }, payload: '{"events":[]}' });
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.json()).toMatchObject({ status: 401, code: 'invalid_signature', detail: 'missing webhook-id, webhook-timestamp or webhook-signature header' });
  });

  it('answers every error as RFC 9457 problem+json: a body that is not JSON, a body over the limit, a route that does not exist', async () => {
    const isProblem = (response: { statusCode: number; headers: Record<string, unknown>; json(): Record<string, unknown> }, status: number, code: string) => {
      expect(response.statusCode).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      const body = response.json();
      expect(body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
      return body;
    };
    const signed = (id: string, payload: string) => ({
      method: 'POST', url: '/v1/webhooks/salesforce', payload,
      headers: {
        'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(clock.now().getTime() / 1000)),
        'webhook-signature': new Webhook(secret).sign(id, clock.now(), payload),
      },
    } as const);
    expect(isProblem(await app.inject(signed('msg_p1', '{not json')), 400, 'invalid_json')).toMatchObject({ type: '/problems/invalid_json', detail: 'the body is not JSON' });
    const tooLarge = isProblem(await app.inject(signed('msg_p2', JSON.stringify({ events: [], pad: 'x'.repeat(5 * 1024 * 1024) }))), 413, 'body_too_large');
    expect(tooLarge).toMatchObject({ type: '/problems/body_too_large', title: 'Body too large', instance: '/v1/webhooks/salesforce' });
    const missing = isProblem(await app.inject('/v1/nothing-here?x=1'), 404, 'not_found');
    expect(missing).toEqual({ type: '/problems/not_found', title: 'Not found', status: 404, code: 'not_found', detail: 'no route GET /v1/nothing-here', instance: '/v1/nothing-here?x=1' });
    isProblem(await app.inject({ method: 'DELETE', url: '/healthz' }), 404, 'not_found');
    expect(await store.db.selectFrom('tl_webhook_receipt').select('webhook_id').where('webhook_id', 'in', ['msg_p1', 'msg_p2']).execute()).toEqual([]);
  });

  it('serves health, readiness and an OpenAPI 3.1 document describing the webhook route', async () => {
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await app.inject('/readyz')).json()).toEqual({ status: 'ready' });
    const doc = (await app.inject('/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths['/v1/webhooks/{connection}'].post.responses)).toEqual(expect.arrayContaining(['200', '401', '404']));
    const accepted = doc.paths['/v1/webhooks/{connection}'].post.responses['200'].content['application/json'].schema.$ref as string;
    expect(accepted).toBe('#/components/schemas/WebhookAccepted');
    expect(doc.components.schemas.WebhookAccepted.properties.echoesDropped.type).toBe('integer');
    // Every error answer of every operation is a problem (RFC 9457), 413 included.
    const webhookErrors = doc.paths['/v1/webhooks/{connection}'].post.responses as Record<string, { content: Record<string, { schema: { $ref: string } }> }>;
    expect(Object.keys(webhookErrors).filter((status) => status !== '200').sort()).toEqual(['400', '401', '404', '409', '413', '503', 'default']);
    for (const [path, operations] of Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: { $ref: string } }> }> }>>)) {
      for (const [method, operation] of Object.entries(operations)) {
        const errors = Object.entries(operation.responses).filter(([status]) => status === 'default' || (Number(status) >= 400 && path !== '/readyz'));
        expect(errors.length, `${method} ${path} lists its error answers`).toBeGreaterThan(0);
        for (const [status, response] of errors) {
          expect(Object.keys(response.content ?? {}), `${method} ${path} ${status}`).toEqual(['application/problem+json']);
          expect(response.content!['application/problem+json']!.schema.$ref).toBe('#/components/schemas/Problem');
        }
      }
    }
    expect(doc.components.schemas.Problem.required).toEqual(['type', 'title', 'status', 'code']);
    expect(Object.keys(doc.components.schemas.Problem.properties)).toEqual(['type', 'title', 'status', 'detail', 'instance', 'code']);
    const metrics = (await app.inject('/metrics')).body;
    expect(metrics).toContain('throughline_webhooks_total{connection="salesforce",outcome="redeliveries"} 4');
    expect(metrics).toMatch(/throughline_webhooks_total\{connection="salesforce",outcome="refused"\} 8\n/);
    expect(metrics).not.toMatch(/outcome="(replays|unauthorized)"/);
  });
});
