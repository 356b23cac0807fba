import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idFromLocation, rec, startNetSuiteHarness, type NetSuiteHarness, type NetSuiteResponse } from './support/netsuite-test-client.js';

const errorCode = (response: NetSuiteResponse) => response.body['o:errorDetails'][0]['o:errorCode'];
const line = (quantity: number, rate: number, taxCode: string) =>
  ({ item: { externalId: 'SVC-CONSULTING' }, quantity, rate, taxCode: { externalId: taxCode } });

describe('NetSuite sandbox invoices and customer payments', () => {
  let ns: NetSuiteHarness;
  beforeAll(async () => {
    ns = await startNetSuiteHarness();
    await ns.call('POST', rec('customer'), { body: { companyName: 'Fabrikam', subsidiary: { externalId: 'US' }, externalId: 'FAB' } });
    await ns.call('POST', rec('customer'), { body: { companyName: 'Wingtip', subsidiary: { externalId: 'US' }, externalId: 'WING' } });
    await ns.call('POST', rec('job'), { body: { companyName: 'Fabrikam ERP rollout', parent: { externalId: 'FAB' }, externalId: 'FAB-P1' } });
  });
  afterAll(async () => ns.stop());

  const createInvoice = async (body: Record<string, unknown>) => {
    const response = await ns.call('POST', rec('invoice'), { body: { tranDate: '2026-03-05', ...body } });
    expect(response.status, JSON.stringify(response.body)).toBe(204);
    return (await ns.call('GET', rec(`invoice/${idFromLocation(response)}?expandSubResources=true`))).body;
  };

  it('computes line amounts, per-line tax from the tax code table and totals, rounding half-even', async () => {
    // 3 x 33.335 = 100.005 -> 100.00 (half-even keeps the even 0); tax 8.875% of 100.00 = 8.875 -> 8.88.
    // 1 x 60 at 8.875%: tax 5.325 -> 5.32 (half-even; half-up would give 5.33).
    const invoice = await createInvoice({ entity: { externalId: 'FAB-P1' }, item: { items: [line(3, 33.335, 'US-NY'), line(1, 60, 'US-NY')] } });
    expect(invoice.item.items.map((l: Record<string, number>) => [l.amount, l.taxRate1, l.tax1Amt, l.grossAmt])).toEqual([
      [100, 8.875, 8.88, 108.88],
      [60, 8.875, 5.32, 65.32],
    ]);
    expect(invoice).toMatchObject({
      subtotal: 160, taxTotal: 14.2, total: 174.2, amountRemaining: 174.2, amountPaid: 0,
      status: { id: 'A', refName: 'Open' }, tranId: expect.stringMatching(/^INV\d{5}$/), dueDate: '2026-04-04',
      currency: { refName: 'US Dollar' }, subsidiary: { refName: 'Throughline Consulting Inc. (US)' },
      entity: { refName: 'Fabrikam ERP rollout' },
    });
  });

  it('rounds to the currency precision (JPY has none) and numbers invoices in sequence', async () => {
    const a = await createInvoice({ entity: { externalId: 'WING' }, currency: { externalId: 'JPY' }, item: { items: [line(1, 1000.5, 'US-CA')] } });
    // 1000.5 -> 1000 (half-even); 7.25% of 1000 = 72.5 -> 72.
    expect([a.subtotal, a.taxTotal, a.total]).toEqual([1000, 72, 1072]);
    const b = await createInvoice({ entity: { externalId: 'WING' }, item: { items: [line(1, 10, 'EXEMPT')] } });
    expect(Number(b.tranId.slice(3))).toBe(Number(a.tranId.slice(3)) + 1);
  });

  it('rejects a line without a tax code', async () => {
    const response = await ns.call('POST', rec('invoice'), {
      body: { entity: { externalId: 'FAB' }, tranDate: '2026-03-05', item: { items: [{ item: { externalId: 'SVC-PM' }, quantity: 1, rate: 5 }] } },
    });
    expect(response.status).toBe(400);
    expect(errorCode(response)).toBe('USER_ERROR');
    expect(response.body['o:errorDetails'][0]['o:errorPath']).toBe('item.items[0].taxCode');
  });

  it('applies payments: a partial payment leaves the invoice Open with less remaining, the rest pays it in full', async () => {
    const invoice = await createInvoice({ entity: { externalId: 'FAB-P1' }, item: { items: [line(10, 100, 'EXEMPT')] } });
    ns.clock.advance(60_000);
    const partial = await ns.call('POST', rec('customerPayment'), {
      body: { customer: { externalId: 'FAB' }, tranDate: '2026-03-20', payment: 400, apply: { items: [{ doc: { id: invoice.id }, apply: true, amount: 400 }] } },
    });
    expect(partial.status, JSON.stringify(partial.body)).toBe(204);
    let read = (await ns.call('GET', rec(`invoice/${invoice.id}`))).body;
    expect(read).toMatchObject({ amountPaid: 400, amountRemaining: 600, status: { id: 'A', refName: 'Open' }, lastModifiedDate: '2026-03-15T12:01:00Z' });

    const rest = await ns.call('POST', rec('customerPayment'), {
      body: { customer: { externalId: 'FAB' }, tranDate: '2026-03-25', payment: 650, apply: { items: [{ doc: { id: invoice.id }, apply: true }] } },
    });
    expect(rest.status).toBe(204);
    read = (await ns.call('GET', rec(`invoice/${invoice.id}`))).body;
    expect(read).toMatchObject({ amountPaid: 1000, amountRemaining: 0, status: { id: 'B', refName: 'Paid In Full' } });
    const payment = (await ns.call('GET', rec(`customerPayment/${idFromLocation(rest)}?expandSubResources=true`))).body;
    expect(payment).toMatchObject({ payment: 650, applied: 600, unapplied: 50 });
    expect(payment.apply.items[0]).toMatchObject({ amount: 600, due: 600, total: 1000, refNum: invoice.tranId });

    expect((await ns.call('DELETE', rec(`customerPayment/${idFromLocation(rest)}`))).status).toBe(204);
    read = (await ns.call('GET', rec(`invoice/${invoice.id}`))).body;
    expect(read).toMatchObject({ amountRemaining: 600, status: { refName: 'Open' } });
    expect(errorCode(await ns.call('DELETE', rec(`invoice/${invoice.id}`)))).toBe('USER_ERROR');
  });

  it('rejects over-application, another customer\'s invoice and a payment in another currency', async () => {
    const invoice = await createInvoice({ entity: { externalId: 'FAB' }, item: { items: [line(1, 100, 'EXEMPT')] } });
    const pay = (body: Record<string, unknown>) => ns.call('POST', rec('customerPayment'), { body: { tranDate: '2026-03-20', ...body } });
    const over = await pay({ customer: { externalId: 'FAB' }, payment: 500, apply: { items: [{ doc: { id: invoice.id }, amount: 150 }] } });
    expect(over.status).toBe(400);
    expect(over.body['o:errorDetails'][0]['o:errorPath']).toBe('apply.items[0].amount');
    const moreThanPayment = await pay({ customer: { externalId: 'FAB' }, payment: 50, apply: { items: [{ doc: { id: invoice.id }, amount: 80 }] } });
    expect(errorCode(moreThanPayment)).toBe('USER_ERROR');
    const otherCustomer = await pay({ customer: { externalId: 'WING' }, payment: 100, apply: { items: [{ doc: { id: invoice.id } }] } });
    expect(errorCode(otherCustomer)).toBe('USER_ERROR');
    const otherCurrency = await pay({ customer: { externalId: 'FAB' }, currency: { externalId: 'EUR' }, payment: 100, apply: { items: [{ doc: { id: invoice.id } }] } });
    expect(errorCode(otherCurrency)).toBe('USER_ERROR');
    expect((await ns.call('GET', rec(`invoice/${invoice.id}`))).body.amountRemaining).toBe(100);
  });

  it('replaces item lines on PATCH ?replace=item and merges them otherwise', async () => {
    const invoice = await createInvoice({ entity: { externalId: 'FAB' }, item: { items: [line(1, 100, 'EXEMPT'), line(2, 50, 'EXEMPT')] } });
    await ns.call('PATCH', rec(`invoice/${invoice.id}`), { body: { item: { items: [{ line: 1, rate: 120 }] } } });
    expect((await ns.call('GET', rec(`invoice/${invoice.id}`))).body.total).toBe(220);
    await ns.call('PATCH', rec(`invoice/${invoice.id}?replace=item`), { body: { item: { items: [line(1, 10, 'EXEMPT')] } } });
    const replaced = (await ns.call('GET', rec(`invoice/${invoice.id}/item`))).body;
    expect(replaced.items.length).toBe(1);
    expect((await ns.call('GET', rec(`invoice/${invoice.id}`))).body.total).toBe(10);
  });
});
