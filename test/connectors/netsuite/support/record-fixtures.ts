/**
 * Records the NetSuite payloads the mapper tests read, from a fresh sandbox, into
 * src/connectors/netsuite/fixtures/. Run: `npx tsx test/connectors/netsuite/support/record-fixtures.ts`.
 * Rerun when the sandbox's record shapes change; the mapper tests then show what moved.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createInvoice } from '../../../../src/connectors/netsuite/outbound/create-invoice.js';
import { startConnectorHarness } from './harness.js';
import { setUpLedger } from './ledger-fixture.js';

const out = fileURLToPath(new URL('../../../../src/connectors/netsuite/fixtures/', import.meta.url));
const save = (name: string, body: unknown) => writeFileSync(`${out}${name}.json`, `${JSON.stringify(body, null, 2)}\n`);
/** Loopback ports differ per run: keep fixtures stable. */
const scrub = (body: unknown): unknown => JSON.parse(JSON.stringify(body).replace(/http:\/\/127\.0\.0\.1:\d+/g, 'https://tstdrv1234567.suitetalk.api.netsuite.com'));

const h = await startConnectorHarness();
try {
  const { client } = h.connector;
  const f = await setUpLedger(h.connector, 'fx');
  const [ok] = await h.connector.ledger.upsertTimeBills([f.bill(1), f.bill(2, { status: 'rejected', billable: false, rate: undefined, hours: '2.25' })]);
  if (!ok?.ok) throw new Error('time bill failed');
  save('time-bill.record', scrub((await client.send({ method: 'GET', path: `/record/v1/timeBill/${ok.record.id}` })).body));
  save('time-bill.suiteql-page', scrub((await client.send({
    method: 'POST', path: '/query/v1/suiteql', query: { limit: 1000, offset: 0 }, headers: { prefer: 'transient' },
    json: { q: `SELECT ${(await import('../../../../src/connectors/netsuite/outbound/list-time-bills.js')).TIME_BILL_COLUMNS} FROM timebill ORDER BY id` },
  })).body));

  const itemId = await h.connector.lookup.require('item', 'eid:SVC-CONSULTING');
  const taxRows = [];
  for await (const page of h.connector.suiteQl("SELECT id FROM salestaxitem WHERE externalid = 'US-NY'")) taxRows.push(...page.rows);
  const taxId = taxRows[0] ? String(taxRows[0].id) : undefined;
  const invoice = await createInvoice(client, {
    externalId: 'tl_invoice_01JQ0000000000000000000001', entity: { id: f.project.id }, tranDate: '2026-03-31', dueDate: '2026-04-30',
    item: { items: [{ item: { id: itemId }, description: 'Consulting March', quantity: 10, rate: '150.00', amount: '1500.00', ...(taxId ? { taxCode: { id: taxId } } : {}) }] },
  });
  save('invoice.record', scrub((await client.send({ method: 'GET', path: `/record/v1/invoice/${invoice.id}` })).body));
  const payment = await client.send({
    method: 'POST', path: '/record/v1/customerPayment',
    json: { customer: { id: f.customer.id }, tranDate: '2026-04-10', payment: '500.00', apply: { items: [{ doc: { id: invoice.id }, apply: true, amount: '500.00' }] } },
  });
  const paymentId = payment.headers.location!.split('/').pop()!;
  save('customer-payment.record', scrub((await client.send({ method: 'GET', path: `/record/v1/customerPayment/${paymentId}`, query: { expandSubResources: 'true' } })).body));
  save('invoice.partially-paid.record', scrub((await client.send({ method: 'GET', path: `/record/v1/invoice/${invoice.id}` })).body));
  const job = await client.send({ method: 'PUT', path: '/record/v1/timeBill', headers: { prefer: 'respond-async' }, json: { items: [f.bill(3, { employee: { ...f.employee, id: '999999' } })].map((b) => ({ externalId: b.externalId, employee: { id: b.employee.id }, customer: { id: b.project.id }, hours: '1:00', tranDate: b.workDate })) } });
  await new Promise((resolve) => setTimeout(resolve, 50));
  save('async-job.completed', scrub((await client.send({ method: 'GET', path: job.headers.location! })).body));
  const raw = async (url: string) => (await fetch(url, { headers: { authorization: `Bearer ${await client.tokens.get()}` } })).json();
  save('error.invalid-key-or-ref', scrub(await raw(`${job.headers.location!}/task/1/result`)));
  save('error.nonexistent-id', scrub(await raw(`${client.restRoot}/record/v1/customer/eid:missing`)));
} finally {
  await h.stop();
}
