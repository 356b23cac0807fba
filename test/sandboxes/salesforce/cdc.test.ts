import { createServer, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookSecret } from '../../../src/sandboxes/kit/webhooks.js';
import type { ChangeEvent } from '../../../src/sandboxes/salesforce/cdc.js';
import { startTestSandbox, type TestSandbox } from './support.js';

interface Delivery { headers: Record<string, string>; body: string }

let t: TestSandbox;
let server: Server;
let url = '';
const received: Delivery[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers as Record<string, string>, body });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/webhooks/salesforce`;
  t = await startTestSandbox({ tokenLifetimeMs: 30 * 86_400_000 });
});
afterAll(async () => {
  await t.sandbox.stop();
  server.close();
});

describe('change data capture', () => {
  it('delivers signed change events with changeOrigin per writing client, filtered by entity', async () => {
    const secret = createWebhookSecret();
    const sub = await t.admin('POST', 'cdc/subscriptions', { url, secret, entities: ['Account', 'pse__Timecard_Header__c'] });
    expect(sub.status).toBe(201);
    expect(sub.body).toMatchObject({ url, secret, entities: ['Account', 'pse__Timecard_Header__c'] });

    const created = await t.api('POST', 'sobjects/Account', { Name: 'CDC Co', Industry: 'Legal' });
    t.clock.advance(1000);
    await t.api('PATCH', `sobjects/Account/${created.body.id}`, { Industry: 'Accounting' }, { clientId: 'crm-user-app' });
    await t.api('POST', 'sobjects/Product2', { Name: 'Not subscribed' });
    await t.api('DELETE', `sobjects/Account/${created.body.id}`);
    await t.sandbox.webhooks.flush();

    expect(received).toHaveLength(3);
    const events = received.map((d) => new Webhook(secret).verify(d.body, d.headers) as ChangeEvent);
    expect(events.map((e) => e.payload.ChangeEventHeader.changeType)).toEqual(['CREATE', 'UPDATE', 'DELETE']);
    const [create, update, del] = events as [ChangeEvent, ChangeEvent, ChangeEvent];
    expect(create.payload.ChangeEventHeader).toMatchObject({
      entityName: 'Account',
      recordIds: [created.body.id],
      changeOrigin: 'com/salesforce/api/rest/61.0;client=hub-client',
      commitTimestamp: Date.parse('2026-03-04T10:00:00Z'),
      commitUser: t.sandbox.clients[0]!.userId,
      sequenceNumber: 1,
      changedFields: [],
    });
    expect(create.payload).toMatchObject({ Name: 'CDC Co', Industry: 'Legal' });
    expect(update.payload.ChangeEventHeader).toMatchObject({ changeOrigin: 'com/salesforce/api/rest/61.0;client=crm-user-app', commitUser: t.sandbox.clients[1]!.userId });
    expect(update.payload.ChangeEventHeader.changedFields).toEqual(expect.arrayContaining(['Industry', 'LastModifiedDate', 'SystemModstamp', 'LastModifiedById']));
    expect(update.payload.Industry).toBe('Accounting');
    expect(update.payload.Name).toBeUndefined();
    expect(del.payload.ChangeEventHeader.recordIds).toEqual([created.body.id]);
    expect(create.event.replayId).toBeLessThan(update.event.replayId);
    expect(received[0]!.headers['webhook-id']).toBe(`cdc_${create.event.replayId}`);
    expect(() => new Webhook(createWebhookSecret()).verify(received[0]!.body, received[0]!.headers)).toThrow();
  });

  it('serves the event log since a replay id, one transaction key per commit', async () => {
    const before = (await t.admin('GET', 'cdc/events')).body.latestReplayId as number;
    await t.api('POST', 'composite/sobjects', { allOrNone: true, records: [{ attributes: { type: 'Account' }, Name: 'Tx 1' }, { attributes: { type: 'Account' }, Name: 'Tx 2' }] });
    const since = await t.admin('GET', `cdc/events?sinceReplayId=${before}`);
    expect(since.body.events).toHaveLength(2);
    const [a, b] = since.body.events as ChangeEvent[];
    expect(a!.payload.ChangeEventHeader.transactionKey).toBe(b!.payload.ChangeEventHeader.transactionKey);
    expect([a!.payload.ChangeEventHeader.sequenceNumber, b!.payload.ChangeEventHeader.sequenceNumber]).toEqual([1, 2]);
    expect(a!.payload.ChangeEventHeader.commitNumber).toBe(b!.payload.ChangeEventHeader.commitNumber);
    expect(since.body.latestReplayId).toBe(before + 2);
  });

  it('drops events older than the retention window of sandbox time', async () => {
    const latest = (await t.admin('GET', 'cdc/events')).body.latestReplayId as number;
    expect((await t.admin('GET', 'cdc/events')).body.events.length).toBeGreaterThan(0);
    t.clock.advance(72 * 3_600_000 + 60_000);
    const after = await t.admin('GET', 'cdc/events?sinceReplayId=-1');
    expect(after.body).toEqual({ events: [], latestReplayId: latest, earliestReplayId: null });
  });

  it('duplicate and out-of-order delivery on demand', async () => {
    const before = received.length;
    await t.admin('PUT', 'cdc/faults', { duplicateRate: 1, outOfOrderRate: 0 });
    expect((await t.api('POST', 'sobjects/Account', { Name: 'Twice' })).status).toBe(201);
    await t.sandbox.webhooks.flush();
    const fresh = received.slice(before);
    expect(fresh).toHaveLength(2);
    expect(fresh[0]!.headers['webhook-id']).toBe(fresh[1]!.headers['webhook-id']);
    await t.admin('PUT', 'cdc/faults', {});
    expect((await t.admin('PUT', 'cdc/faults', { duplicateRate: 3 })).status).toBe(400);
  });
});
