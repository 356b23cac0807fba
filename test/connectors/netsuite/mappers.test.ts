import { describe, expect, it } from 'vitest';
import { invoiceSchema } from '../../../src/canonical/entities/invoice.js';
import { paymentSchema } from '../../../src/canonical/entities/payment.js';
import { classifyNetSuiteError } from '../../../src/connectors/netsuite/classify-error.js';
import { toNetSuiteCustomer } from '../../../src/connectors/netsuite/mappers/customer.js';
import { splitName, toNetSuiteEmployee } from '../../../src/connectors/netsuite/mappers/employee.js';
import { durationToHours, hoursToDuration } from '../../../src/connectors/netsuite/mappers/hours.js';
import { fromNetSuiteInvoiceStatus, invoiceStatusOf, toNetSuiteInvoice } from '../../../src/connectors/netsuite/mappers/invoice.js';
import { toNetSuiteJob } from '../../../src/connectors/netsuite/mappers/job.js';
import { fromNetSuiteCustomerPayment } from '../../../src/connectors/netsuite/mappers/payment.js';
import { fromNetSuiteTimeBill, toNetSuiteTimeBill } from '../../../src/connectors/netsuite/mappers/time-bill.js';
import { idFromLocation } from '../../../src/connectors/netsuite/client.js';
import {
  asyncJobSchema, asyncTaskSchema, collectionSchema, customerPaymentRecordSchema, errorBodySchema, invoiceRecordSchema, recordRefSchema, suiteQlRowSchema, timeBillRecordSchema,
} from '../../../src/connectors/netsuite/schemas.js';
import type { LedgerTimeBill } from '../../../src/connectors/ports/ledger.js';
import { createManualClock } from '../../../src/runtime/clock.js';
import { contractBody, loadContract } from '../../contracts/contract.js';
import { sampleClient, sampleEngagement, sampleWorker } from './support/harness.js';

/** NetSuite's documented payloads (test/contracts/netsuite/, each naming its Oracle page). */
const documented = (name: string): Record<string, unknown> => contractBody('netsuite', name) as Record<string, unknown>;
const ref = (objectType: string, id: string) => ({ system: 'netsuite', connection: 'netsuite', objectType, id });

describe('NetSuite schemas and mappers on the documented payloads (test/contracts/netsuite)', () => {
  it('timeBill record -> comparison shape (references as {links, id, refName}, hours as a duration or a number)', () => {
    const record = timeBillRecordSchema.parse(documented('record.time-bill.get'));
    const expected = {
      id: '1', externalId: 'tl-tb-0001-2026-03-02', employeeId: '3', projectId: '2', workDate: '2026-03-02',
      hours: '7.5', rate: '150', billable: true, status: 'approved', lastModified: '2026-03-15T12:00:02Z',
    };
    expect(fromNetSuiteTimeBill(record)).toEqual(expected);
    // hours: "7:30" in the contract; the wire type is [U] (vendor-apis.md), so a number reads the same.
    expect(fromNetSuiteTimeBill(timeBillRecordSchema.parse({ ...documented('record.time-bill.get'), hours: 7.5 }))).toEqual(expected);
  });

  it('timeBill SuiteQL page (every value a string) -> rows for the comparison, the rejected bill not billable', () => {
    const page = collectionSchema(suiteQlRowSchema).parse(documented('suiteql.time-bills'));
    expect(page).toMatchObject({ count: 2, hasMore: false, offset: 0, totalResults: 2 });
    const bills = page.items.map(fromNetSuiteTimeBill);
    expect(bills.map((b) => [b.id, b.externalId, b.employeeId, b.projectId, b.workDate, b.hours, b.status, b.billable, b.rate])).toEqual([
      ['1', 'tl-tb-fx1-2026-03-02', '3', '2', '2026-03-02', '7.5', 'approved', true, '150'],
      ['2', 'tl-tb-fx2-2026-03-03', '3', '2', '2026-03-03', '2.25', 'rejected', false, undefined],
    ]);
  });

  it('record list: the collection envelope with {links, id} items; references anywhere as {links, id, refName}', () => {
    const page = collectionSchema(recordRefSchema).parse(documented('record.collection.list'));
    expect(page).toMatchObject({ count: 2, hasMore: true, offset: 0, totalResults: 3 });
    expect(page.items.map((item) => item.id)).toEqual(['107', '41']);
    const customer = documented('record.customer.get');
    expect(recordRefSchema.parse(customer.subsidiary)).toMatchObject({ id: '1', refName: 'Throughline Consulting Inc. (US)' });
  });

  it('create: the internal id is the last segment of the absolute Location', () => {
    const created = loadContract('netsuite', 'record.create.204').response;
    expect(idFromLocation({ status: created.status!, headers: { location: created.headers!.Location! }, body: undefined })).toBe('647');
  });

  it('invoice record -> canonical status and amount due (open; part paid = partially_paid)', () => {
    const open = invoiceRecordSchema.parse(documented('record.invoice.get'));
    expect(fromNetSuiteInvoiceStatus(open, 'USD', '2026-04-01')).toMatchObject({ id: '3', number: 'INV00001', status: 'issued', total: { amount: '1633.12', currency: 'USD' }, amountDue: { amount: '1633.12', currency: 'USD' } });
    expect(fromNetSuiteInvoiceStatus(open, 'USD', '2026-05-01').status).toBe('overdue');
    // The same documented shape after a 500.00 payment (values changed, shape kept).
    const part = invoiceRecordSchema.parse({ ...documented('record.invoice.get'), amountPaid: 500, amountRemaining: 1133.12 });
    expect(fromNetSuiteInvoiceStatus(part, 'USD', '2026-04-11')).toMatchObject({ status: 'partially_paid', amountDue: { amount: '1133.12', currency: 'USD' } });
    expect(invoiceStatusOf('B', '1633.12', '0', undefined, '2026-04-11')).toBe('paid');
    expect(invoiceStatusOf('V', undefined, undefined, undefined, '2026-04-11')).toBe('void');
  });

  it('customerPayment record (apply sublist expanded) -> canonical Payment applied to the invoice', () => {
    const record = customerPaymentRecordSchema.parse(documented('record.customer-payment.get'));
    const payment = fromNetSuiteCustomerPayment(record, 'USD', 'netsuite');
    expect(paymentSchema.parse(payment)).toEqual(payment);
    expect(payment).toMatchObject({
      clientRef: { refs: [ref('customer', '1')] }, amount: { amount: '500.00', currency: 'USD' }, receivedDate: '2026-04-10',
      applications: [{ invoiceRef: { refs: [ref('invoice', '3')] }, amount: { amount: '500.00', currency: 'USD' } }],
    });
  });

  it('async job (pending and done) and task status parse', () => {
    expect(asyncJobSchema.parse(documented('async.job.pending'))).toMatchObject({ id: '1', completed: false, progress: 'pending' });
    expect(asyncJobSchema.parse(documented('async.job.completed'))).toMatchObject({ id: '1', completed: true, progress: 'succeeded' });
    expect(asyncTaskSchema.parse(documented('async.task.completed'))).toMatchObject({ id: '1', completed: true, progress: 'succeeded' });
  });

  it('error bodies parse and classify with NetSuite\'s words', () => {
    const clock = createManualClock();
    const context = { clock, connection: 'netsuite', what: 'POST timeBill' };
    const classify = (name: string) => {
      const { status, body } = loadContract('netsuite', name).response;
      expect(errorBodySchema.safeParse(body).success).toBe(true);
      return classifyNetSuiteError({ status: status!, headers: {}, body }, context);
    };
    expect(classify('error.invalid-content.400')).toMatchObject({
      name: 'NonRetryableError', message: expect.stringContaining('Invalid Field Value 9999'), details: { vendorCode: 'INVALID_CONTENT', kind: 'validation' },
    });
    expect(classify('error.invalid-login.401')).toMatchObject({ name: 'NonRetryableError', details: { vendorCode: 'INVALID_LOGIN', kind: 'auth' } });
    expect(classify('error.record-not-found.404')).toMatchObject({ name: 'NonRetryableError', details: { vendorCode: 'NONEXISTENT_ID', kind: 'not_found' } });
  });
});

describe('NetSuite mappers: canonical -> NetSuite bodies', () => {
  it('time bill: duration hours, decimal-string rate, approval status, rejected bills not billable', () => {
    const employee = ref('employee', '3');
    const project = ref('job', '2');
    const base: LedgerTimeBill = { externalId: 'tl-tb-x', employee, project, workDate: '2026-03-02', hours: '7.5', rate: { amount: '150.00', currency: 'USD' }, billable: true, status: 'approved' };
    expect(toNetSuiteTimeBill(base, { employeeId: '3', customerId: '2', itemId: '1' })).toEqual({
      externalId: 'tl-tb-x', employee: { id: '3' }, customer: { id: '2' }, item: { id: '1' }, hours: '7:30', tranDate: '2026-03-02',
      isBillable: true, rate: '150.00', approvalStatus: { id: '3' },
    });
    expect(toNetSuiteTimeBill({ ...base, status: 'rejected' }, { employeeId: '3', customerId: '2', itemId: '1' })).toMatchObject({ isBillable: false, approvalStatus: { id: '4' } });
  });

  it('hours <-> duration keeps every decimal exactly', () => {
    expect(['7.5', '2.25', '0.1', '8', '0.01', '10.75'].map(hoursToDuration)).toEqual(['7:30', '2:15', '0:06', '8:00', '0.01', '10:45']);
    expect(['7:30', '2:15', '0:06', 7.5, '0.01'].map(durationToHours)).toEqual(['7.5', '2.25', '0.1', '7.5', '0.01']);
  });

  it('customer, job and employee carry the canonical id as external id', () => {
    const client = sampleClient('Umbrella');
    expect(toNetSuiteCustomer(client, { subsidiaryId: '1', currencyId: '1' })).toEqual({
      externalId: client.id, companyName: 'Umbrella', subsidiary: { id: '1' }, currency: { id: '1' }, isPerson: false, isInactive: false,
    });
    const engagement = sampleEngagement('PRJ-9');
    expect(toNetSuiteJob(engagement, { customerId: '7' })).toMatchObject({
      externalId: engagement.id, entityId: 'PRJ-9', parent: { id: '7' }, jobBillingType: { id: 'TM' }, entityStatus: { id: '2' }, startDate: '2026-01-05',
    });
    const worker = sampleWorker('E-9', 'Grace Brewster Hopper');
    expect(toNetSuiteEmployee(worker, { subsidiaryId: '2' })).toMatchObject({
      externalId: worker.id, entityId: 'E-9', firstName: 'Grace Brewster', lastName: 'Hopper', subsidiary: { id: '2' }, laborCost: '80.00',
    });
    expect(splitName('Cher')).toEqual({ firstName: '-', lastName: 'Cher' });
  });

  it('invoice: lines as the item sublist with decimal strings', () => {
    const invoice = invoiceSchema.parse({
      id: 'tl_invoice_01JQ0000000000000000000001', systemRefs: [], clientRef: { refs: [ref('customer', '1')] }, legalEntityRef: { refs: [ref('subsidiary', '1')] },
      currency: 'USD', issueDate: '2026-03-31', dueDate: '2026-04-30', status: 'draft',
      lines: [{ lineId: '1', description: 'Consulting March', quantity: '10', unitPrice: { amount: '150.00', currency: 'USD' }, amount: { amount: '1500.00', currency: 'USD' }, taxCode: 'US-NY', sources: [{ kind: 'time_entry', key: 'a0T1:2026-03-02' }] }],
      subtotal: { amount: '1500.00', currency: 'USD' }, taxTotal: { amount: '0.00', currency: 'USD' }, total: { amount: '1500.00', currency: 'USD' }, amountDue: { amount: '1500.00', currency: 'USD' },
    });
    expect(toNetSuiteInvoice({ ...invoice, id: invoice.id! }, { entityId: '2', itemId: '1', currencyId: '1', taxCodeIds: { 'US-NY': '2' } })).toEqual({
      externalId: 'tl_invoice_01JQ0000000000000000000001', entity: { id: '2' }, currency: { id: '1' }, tranDate: '2026-03-31', dueDate: '2026-04-30',
      item: { items: [{ item: { id: '1' }, description: 'Consulting March', quantity: '10', rate: '150.00', amount: '1500.00', taxCode: { id: '2' } }] },
    });
  });
});
