import { expect, it } from 'vitest';
import { eventDefinitions } from '../../src/canonical/events/index.js';
import { createIntake } from '../../src/intake/create-intake.js';
import { createManualClock } from '../../src/runtime/clock.js';
import { createFlowRegistry } from '../../src/runtime/flows/flow-registry.js';
import { timeEvent } from '../flows/time-to-ledger/harness.js';
import { describeEachEngine } from '../support/engines.js';

/** The webhook port of intake: the receipt and the ingest in one transaction (issue 10 item 5). */
describeEachEngine('intake.acceptWebhook', (engine) => {
  const setup = async () => {
    const store = await engine.open();
    const clock = createManualClock('2026-03-02T12:00:00.000Z');
    const intake = createIntake({ store, clock, definitions: Object.values(eventDefinitions), flows: createFlowRegistry([]) });
    const stored = async (ids: string[]) => (await store.db.selectFrom('tl_event').select('id').where('id', 'in', ids).execute()).length;
    const receipts = async (webhookId: string) =>
      store.db.selectFrom('tl_webhook_receipt').select(['connection_id', 'webhook_id', 'events', 'body_sha256', 'received_at']).where('webhook_id', '=', webhookId).execute();
    return { store, clock, intake, stored, receipts };
  };
  const delivery = (webhookId: string, bodySha256: string, events: unknown[], receivedAt = new Date('2026-03-02T12:00:00.000Z')) =>
    ({ connection: 'salesforce', webhookId, bodySha256, receivedAt, events }) as const;

  it('records the receipt with the body digest and ingests the events; the same id and body again is a redelivery, another body a reused id', async () => {
    const { store, intake, stored, receipts } = await setup();
    try {
      const event = timeEvent('approved', { timecard: 'AW1' });
      expect(await intake.webhookTaken({ connection: 'salesforce', webhookId: 'msg_a1', bodySha256: 'aa' })).toBeUndefined();
      const first = await intake.acceptWebhook(delivery('msg_a1', 'aa', [event, { not: 'an event' }]));
      expect(first.status).toBe('accepted');
      expect(first.status === 'accepted' && first.results.map((r) => r.status)).toEqual(['accepted', 'rejected']);
      expect(await stored([event.id])).toBe(1);
      const [receipt] = await receipts('msg_a1');
      expect(receipt).toMatchObject({ connection_id: 'salesforce', events: 2, body_sha256: 'aa' });
      expect(new Date(receipt!.received_at).toISOString()).toBe('2026-03-02T12:00:00.000Z');

      expect(await intake.webhookTaken({ connection: 'salesforce', webhookId: 'msg_a1', bodySha256: 'aa' })).toBe('redelivery');
      expect(await intake.webhookTaken({ connection: 'salesforce', webhookId: 'msg_a1', bodySha256: 'bb' })).toBe('reused');
      expect(await intake.webhookTaken({ connection: 'other', webhookId: 'msg_a1', bodySha256: 'bb' })).toBeUndefined();
      const other = timeEvent('approved', { timecard: 'AW2' });
      expect(await intake.acceptWebhook(delivery('msg_a1', 'aa', [other]))).toEqual({ status: 'redelivery' });
      expect(await intake.acceptWebhook(delivery('msg_a1', 'bb', [other]))).toEqual({ status: 'reused' });
      expect(await stored([other.id])).toBe(0);
      expect(await receipts('msg_a1')).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('takes a receipt without a digest (written before digests were kept) as the same body', async () => {
    const { store, clock, intake } = await setup();
    try {
      await store.db.insertInto('tl_webhook_receipt').values({ connection_id: 'salesforce', webhook_id: 'msg_old', received_at: clock.now(), events: 1 }).execute();
      expect(await intake.webhookTaken({ connection: 'salesforce', webhookId: 'msg_old', bodySha256: 'cc' })).toBe('redelivery');
      expect(await intake.acceptWebhook(delivery('msg_old', 'cc', [timeEvent('approved', { timecard: 'AW3' })]))).toEqual({ status: 'redelivery' });
    } finally {
      await store.close();
    }
  });

  it('records a receipt for a delivery with no events, and takes two copies arriving at once only once', async () => {
    const { store, intake, stored, receipts } = await setup();
    try {
      expect(await intake.acceptWebhook(delivery('msg_empty', 'dd', []))).toEqual({ status: 'accepted', results: [] });
      expect(await receipts('msg_empty')).toMatchObject([{ events: 0 }]);
      const event = timeEvent('approved', { timecard: 'AW4' });
      const answers = await Promise.all([intake.acceptWebhook(delivery('msg_twice', 'ee', [event])), intake.acceptWebhook(delivery('msg_twice', 'ee', [event]))]);
      expect(answers.map((a) => a.status).sort()).toEqual(['accepted', 'redelivery']);
      expect(await stored([event.id])).toBe(1);
      expect(await receipts('msg_twice')).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
