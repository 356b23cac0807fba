import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCanonicalEvent } from '../../../src/canonical/parse-event.js';
import type { Poller } from '../../../src/intake/inbound-source.js';
import { createNetSuiteConnector } from '../../../src/connectors/netsuite/index.js';
import { systemClock } from '../../../src/runtime/clock.js';
import { startConnectorHarness, type ConnectorHarness } from './support/harness.js';
import { setUpLedger, type LedgerFixture } from './support/ledger-fixture.js';

/** Polls until a page says done; returns every event and echo count, and the last checkpoint. */
async function drain(poller: Poller, checkpoint: string | undefined) {
  const events: Array<{ type: string; sourceId: string; data: Record<string, unknown> }> = [];
  let echoes = 0;
  let ignored = 0;
  for (let pages = 0; pages < 100; pages++) {
    const page = await poller.pollPage(checkpoint);
    events.push(...(page.events as typeof events));
    echoes += page.echoesDropped;
    ignored += page.ignored;
    checkpoint = page.nextCheckpoint;
    if (page.done) return { events, echoes, ignored, checkpoint };
  }
  throw new Error('poller never finished');
}

describe('NetSuite pollers: SuiteQL on lastmodifieddate with checkpoints', () => {
  let h: ConnectorHarness;
  let f: LedgerFixture;
  let itemId: string;
  let taxCodeId: string;
  const invoiceBody = (externalId?: string) => ({
    ...(externalId ? { externalId } : {}), entity: { id: f.project.id }, tranDate: '2026-03-31', dueDate: '2026-04-30',
    item: { items: [{ item: { id: itemId }, quantity: 4, rate: '100.00', amount: '400.00', taxCode: { id: taxCodeId } }] },
  });
  beforeAll(async () => {
    h = await startConnectorHarness();
    f = await setUpLedger(h.connector, 'poll');
    itemId = await h.connector.lookup.require('item', 'eid:SVC-CONSULTING');
    for await (const page of h.connector.suiteQl("SELECT id FROM salestaxitem WHERE externalid = 'EXEMPT'")) taxCodeId = String(page.rows[0]!.id);
  });
  afterAll(() => h.stop());
  // The hub reads "today" (overdue or not) on the sandbox's simulated date.
  const sandboxTime = () => ({ now: () => h.sandboxClock.now(), sleep: systemClock.sleep });
  const pollerOf = (connector = h.connector, id: string) => connector.pollers.find((p) => p.id === id)!;

  it('emits invoice.status_changed and payment.applied, drops the hub\'s own invoice as an echo, and resumes from the checkpoint', async () => {
    const hubInvoice = await h.connector.createInvoice({ ...invoiceBody(), externalId: 'tl_invoice_01JQ0000000000000000000009' });
    const again = await h.connector.createInvoice({ ...invoiceBody(), externalId: 'tl_invoice_01JQ0000000000000000000009' });
    expect(again).toEqual({ id: hubInvoice.id, created: false });
    const external = [];
    for (let n = 0; n < 3; n++) {
      const response = await h.connector.client.send({ method: 'POST', path: '/record/v1/invoice', json: invoiceBody() });
      external.push(response.headers.location!.split('/').pop()!);
    }

    // Page size 1: several rows share one lastmodifieddate second, so the checkpoint must carry the ids seen.
    const connector = createNetSuiteConnector({ ...h.config }, { clock: sandboxTime(), pollPageSize: 1 });
    const invoices = pollerOf(connector, 'netsuite:invoices');
    const first = await drain(invoices, undefined);
    expect(first.echoes).toBe(1);
    expect(first.events.map((e) => e.sourceId).sort()).toEqual([...external].sort());
    for (const event of first.events) {
      expect(parseCanonicalEvent(event).ok).toBe(true);
      expect(event).toMatchObject({ type: 'invoice.status_changed', data: { status: 'issued' } });
    }
    const nothing = await drain(invoices, first.checkpoint);
    expect(nothing.events).toEqual([]);

    // A payment on the hub's invoice: a genuine change now, and a payment.applied.
    h.sandboxClock.advance(2_000);
    await h.connector.client.send({
      method: 'POST', path: '/record/v1/customerPayment',
      json: { customer: { id: f.customer.id }, tranDate: '2026-04-10', payment: '100.00', apply: { items: [{ doc: { id: hubInvoice.id }, apply: true, amount: '100.00' }] } },
    });
    // Simulated crash: a new connector and poller resume from the saved checkpoint.
    const resumed = createNetSuiteConnector({ ...h.config }, { clock: sandboxTime(), pollPageSize: 1 });
    const second = await drain(pollerOf(resumed, 'netsuite:invoices'), nothing.checkpoint);
    expect(second.events).toEqual([expect.objectContaining({ type: 'invoice.status_changed', sourceId: hubInvoice.id, data: expect.objectContaining({ status: 'partially_paid' }) })]);
    expect(second.events[0]!.data.amountDue).toMatchObject({ currency: 'USD' });

    const payments = await drain(pollerOf(resumed, 'netsuite:payments'), undefined);
    expect(payments.events).toHaveLength(1);
    expect(parseCanonicalEvent(payments.events[0]).ok).toBe(true);
    expect(payments.events[0]!.data).toMatchObject({ payment: { amount: { amount: '100.00', currency: 'USD' }, applications: [{ invoiceRef: { refs: [expect.objectContaining({ id: hubInvoice.id })] } }] } });
    await Promise.all([connector.close(), resumed.close()]);
  });

});
