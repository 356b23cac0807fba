import type { Payment } from '../../../canonical/entities/payment.js';
import { money } from '../../../canonical/money/index.js';
import type { CustomerPaymentRecord } from '../schemas.js';
import { normalizeDate } from './time-bill.js';

/**
 * A NetSuite customerPayment (read with `expandSubResources=true`) as a canonical Payment: the
 * customer and invoices as NetSuite system refs (intake resolves them to canonical ids), applied
 * lines only, amounts as decimal strings in the payment currency.
 * Vendor doc: NetSuite REST API Browser, record "customerPayment" (sublist apply).
 */
export function fromNetSuiteCustomerPayment(record: CustomerPaymentRecord, currency: string, connection: string): Payment {
  const nsRef = (objectType: string, id: string) => ({ refs: [{ system: 'netsuite', connection, objectType, id }] });
  return {
    systemRefs: [{ system: 'netsuite', connection, objectType: 'customerPayment', id: record.id, ...(record.externalId ? { externalId: record.externalId } : {}) }],
    clientRef: nsRef('customer', record.customer.id),
    amount: money(record.payment, currency),
    receivedDate: normalizeDate(record.tranDate),
    ...(record.tranId ? { reference: record.tranId } : {}),
    applications: (record.apply?.items ?? [])
      .filter((line) => line.apply !== false && line.amount !== undefined)
      .map((line) => ({ invoiceRef: nsRef('invoice', line.doc.id), amount: money(line.amount!, currency) })),
  };
}
