/* eslint-disable @typescript-eslint/no-explicit-any -- events are asserted field by field */
import { createServer, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCanonicalEvent } from '../../../src/canonical/parse-event.js';
import type { CanonicalEvent } from '../../../src/canonical/envelope.js';
import type { ApprovedBeforeLookup } from '../../../src/connectors/salesforce/index.js';
import { createWebhookSecret } from '../../../src/sandboxes/kit/webhooks.js';
import { startConnectorSandbox, type ConnectorSandbox } from '../salesforce/support.js';

let t: ConnectorSandbox;
let firm: Awaited<ReturnType<ConnectorSandbox['seedFirm']>>;
let server: Server;
const secret = createWebhookSecret();
let received: unknown[] = [];

beforeAll(async () => {
  t = await startConnectorSandbox();
  firm = await t.seedFirm();
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      // What the API layer does before the handler runs: verify the Standard Webhooks signature.
      received.push(new Webhook(secret).verify(body, req.headers as Record<string, string>));
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/v1/webhooks/salesforce`;
  await t.admin('POST', 'cdc/subscriptions', { url, secret, entities: ['pse__Timecard_Header__c'] });
});
afterAll(async () => {
  await t.sandbox.stop();
  server.close();
});

/** The deliveries since the last call (after the sandbox flushed them). */
async function deliveries(): Promise<unknown[]> {
  await t.sandbox.webhooks.flush();
  const out = received;
  received = [];
  return out;
}

const delivery = (body: unknown) => ({ connection: 'salesforce', webhookId: 'wh_test', headers: {}, body });
const byDay = (events: CanonicalEvent[]) => events.map((e) => `${e.type} ${(e.data as any).workDate} ${(e.data as any).hours}`).sort();
const withoutIds = (events: CanonicalEvent[]) => events.map(({ id: _id, ...rest }) => rest).sort((a, b) => a.sourceId.localeCompare(b.sourceId));

describe('CDC webhook handler', () => {
  it('maps an approved timecard to one valid time.approved per worked day', async () => {
    const connector = t.connector();
    const id = await t.timecard(firm, [8, 8, 7.5, 8, 4, 0, 0]);
    const [body] = await deliveries();
    const batch = await connector.webhookHandler.handle(delivery(body));
    expect(batch.echoesDropped).toBe(0);
    expect(byDay(batch.events as CanonicalEvent[])).toEqual([
      'time.approved 2026-03-02 8', 'time.approved 2026-03-03 8', 'time.approved 2026-03-04 7.5', 'time.approved 2026-03-05 8', 'time.approved 2026-03-06 4',
    ]);
    for (const event of batch.events) expect(parseCanonicalEvent(event).ok).toBe(true);
    const monday = (batch.events as CanonicalEvent[]).find((e) => (e.data as any).workDate === '2026-03-02')!;
    expect(monday).toMatchObject({
      source: 'salesforce',
      sourceId: `${id}:2026-03-02`,
      subject: `time_entry:salesforce:${id}:2026-03-02`,
      sourceVersion: '2026-03-02T09:00:00.000Z',
      time: '2026-03-02T09:00:00.000Z',
      correlationId: `project:salesforce:${firm.projectId}`,
      data: {
        timeEntryId: `${id}:2026-03-02`,
        sourceTimecardId: id,
        workerRef: { refs: [{ system: 'salesforce', connection: 'salesforce', objectType: 'Contact', id: firm.contactId }] },
        projectRef: { refs: [{ system: 'salesforce', connection: 'salesforce', objectType: 'pse__Proj__c', id: firm.projectId }] },
        billable: true,
        billRate: { amount: '275', currency: 'USD' },
        approvedAt: '2026-03-02T09:00:00.000Z',
      },
    });
    await connector.close();
  });

  it('drops echoes of the hub’s own writes and counts them, without reading anything', async () => {
    const connector = t.connector();
    const id = await t.timecard(firm, [8, 8, 8, 8, 8, 0, 0], 'Submitted');
    await deliveries();
    // The hub writes the timecard (as throughline-hub): its change event is an echo.
    await connector.client.send({ method: 'PATCH', path: `/sobjects/pse__Timecard_Header__c/${id}`, json: { pse__Timecard_Notes__c: 'hub note' } });
    const [echo] = await deliveries();
    expect((echo as any).payload.ChangeEventHeader.changeOrigin).toContain('client=throughline-hub');
    const before = (await t.requests()).length;
    const batch = await connector.webhookHandler.handle(delivery(echo));
    expect(batch).toEqual({ events: [], echoesDropped: 1, ignored: 0 });
    expect((await t.requests()).length).toBe(before);
    await connector.close();
  });

  it('reads every timecard of a batched delivery with one SOQL query', async () => {
    const connector = t.connector();
    const a = await t.timecard(firm, [1, 0, 0, 0, 0, 0, 0]);
    const b = await t.timecard(firm, [0, 2, 0, 0, 0, 0, 0]);
    const c = await t.timecard(firm, [0, 0, 3, 0, 0, 0, 0]);
    const events = (await deliveries()) as any[];
    expect(events).toHaveLength(3);
    // One delivery carrying two events, the second naming two records (Salesforce merges identical changes).
    const merged = structuredClone(events[1]);
    merged.payload.ChangeEventHeader.recordIds = [b, c];
    const before = (await t.requests()).length;
    const batch = await connector.webhookHandler.handle(delivery([events[0], merged]));
    const calls = (await t.requests()).slice(before).filter((r) => !r.path.includes('oauth2'));
    expect(calls).toHaveLength(1);
    expect(calls[0]!.path).toContain('/queryAll');
    expect((batch.events as CanonicalEvent[]).map((e) => e.sourceId).sort()).toEqual([`${a}:2026-03-02`, `${b}:2026-03-03`, `${c}:2026-03-04`].sort());
    await connector.close();
  });

  it('ignores other objects and unparseable events, and reports rejections of a Rejected timecard', async () => {
    const connector = t.connector();
    const id = await t.timecard(firm, [0, 0, 0, 6, 0, 0, 0], 'Rejected');
    const [rejected] = await deliveries();
    const other = { payload: { ChangeEventHeader: { entityName: 'Account', recordIds: [firm.accountId], changeType: 'UPDATE', changeOrigin: '' } } };
    const batch = await connector.webhookHandler.handle(delivery([rejected, other, { nonsense: true }]));
    expect(batch.ignored).toBe(2);
    expect(batch.events).toHaveLength(1);
    expect(batch.events[0]).toMatchObject({ type: 'time.rejected', sourceId: `${id}:2026-03-05`, data: { hours: '6', previouslyApproved: false } });
    await connector.close();
  });

  it('turns approved days that were zeroed or deleted into rejections when history says they were approved', async () => {
    const approved = new Set<string>();
    const approvedBefore: ApprovedBeforeLookup = async (ids) => new Set(ids.filter((id) => approved.has(id)));
    const connector = t.connector({}, { approvedBefore });
    const id = await t.timecard(firm, [8, 8, 0, 0, 0, 0, 0]);
    const first = await connector.webhookHandler.handle(delivery((await deliveries())[0]));
    for (const e of first.events as CanonicalEvent[]) approved.add(e.sourceId);
    t.sandboxClock.advance(60_000);
    await t.update('pse__Timecard_Header__c', id, { pse__Tuesday_Hours__c: 0 });
    const corrected = await connector.webhookHandler.handle(delivery((await deliveries())[0]));
    expect(byDay(corrected.events as CanonicalEvent[])).toEqual(['time.approved 2026-03-02 8', 'time.rejected 2026-03-03 0']);
    expect(corrected.events[1]).toMatchObject({ sourceVersion: '2026-03-02T09:01:00.000Z', data: { previouslyApproved: true } });
    t.sandboxClock.advance(60_000);
    await t.psa('DELETE', `sobjects/pse__Timecard_Header__c/${id}`);
    const deleted = await connector.webhookHandler.handle(delivery((await deliveries())[0]));
    expect(byDay(deleted.events as CanonicalEvent[])).toEqual(['time.rejected 2026-03-02 8', 'time.rejected 2026-03-03 0']);
    await connector.close();
  });
});

describe('timecard poller', () => {
  it('starts at pollSince on its very first poll', async () => {
    const later = t.connector({ pollSince: '2026-03-02T09:00:00.001Z' });
    expect(await later.pollers[0]!.pollPage(undefined)).toMatchObject({ events: [], done: true });
    const from = t.connector({ pollSince: '2026-03-02T09:00:00Z' });
    const page = await from.pollers[0]!.pollPage(undefined);
    expect(page.events.length).toBeGreaterThan(0);
    await Promise.all([later.close(), from.close()]);
  });

  it('pages through equal SystemModstamps, resumes from a saved checkpoint after a crash, and matches the webhook events', async () => {
    const fresh = await startConnectorSandbox();
    try {
      const f = await fresh.seedFirm();
      const ids: string[] = [];
      // The manual sandbox clock stands still: all 23 timecards share one SystemModstamp.
      for (let i = 0; i < 23; i += 1) ids.push(await fresh.timecard(f, [1 + (i % 3), 0, 0, 0, 0, 0, 0], i % 5 === 4 ? 'Submitted' : 'Approved'));
      const expected = ids.filter((_, i) => i % 5 !== 4).map((id) => `${id}:2026-03-02`).sort();

      const seen: string[] = [];
      let checkpoint: string | undefined;
      const first = fresh.connector({ pollPageSize: 5 });
      for (let page = 0; page < 2; page += 1) {
        const result = await first.pollers[0]!.pollPage(checkpoint);
        seen.push(...result.events.map((e: any) => e.sourceId));
        checkpoint = result.nextCheckpoint; // saved after the page's events are ingested
      }
      // Crash: a third page is read but its checkpoint never saved; a new process takes over.
      const lost = await first.pollers[0]!.pollPage(checkpoint);
      expect(lost.events.length).toBeGreaterThan(0);
      await first.close();

      const second = fresh.connector({ pollPageSize: 5 });
      for (let pages = 0; pages < 20; pages += 1) {
        const result = await second.pollers[0]!.pollPage(checkpoint);
        seen.push(...result.events.map((e: any) => e.sourceId));
        checkpoint = result.nextCheckpoint;
        if (result.done) break;
      }
      expect([...new Set(seen)].sort()).toEqual(expected);
      expect(seen).toHaveLength(expected.length); // nothing read twice once checkpoints are saved

      // A later change is picked up after the saved checkpoint; an idle poll changes nothing.
      fresh.sandboxClock.advance(1_000);
      await fresh.update('pse__Timecard_Header__c', ids[0]!, { pse__Monday_Hours__c: 5 });
      const next = await second.pollers[0]!.pollPage(checkpoint);
      expect(next.events.map((e: any) => `${e.sourceId} ${e.data.hours} ${e.sourceVersion}`)).toEqual([`${ids[0]}:2026-03-02 5 2026-03-02T09:00:01.000Z`]);
      const idle = await second.pollers[0]!.pollPage(next.nextCheckpoint);
      expect(idle).toMatchObject({ events: [], done: true, nextCheckpoint: next.nextCheckpoint });

      // The webhook handler produces the same events (ids aside) for the same state.
      const viaWebhook = await second.webhookHandler.handle(delivery({ payload: { ChangeEventHeader: { entityName: 'pse__Timecard_Header__c', recordIds: [ids[0]], changeType: 'UPDATE', changeOrigin: '' } } }));
      expect(withoutIds(viaWebhook.events as CanonicalEvent[])).toEqual(withoutIds(next.events as CanonicalEvent[]));
      await second.close();
    } finally {
      await fresh.sandbox.stop();
    }
  });
});
