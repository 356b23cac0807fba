import { Decimal } from 'decimal.js';
import type { Invoice } from '../../../canonical/entities/invoice.js';
import type { Money } from '../../../canonical/money/index.js';
import { money } from '../../../canonical/money/index.js';
import type { InvoiceRecord } from '../schemas.js';
import { normalizeDate } from './time-bill.js';

/** Internal ids an invoice body refers to, resolved before mapping. */
export interface InvoiceRefs {
  /** The customer or job billed. */
  entityId: string;
  jobId?: string | undefined;
  subsidiaryId?: string | undefined;
  currencyId?: string | undefined;
  /** Service item per line (default item for time). */
  itemId: string;
  /** Tax code (salesTaxItem) internal id per canonical tax code. */
  taxCodeIds?: Readonly<Record<string, string>> | undefined;
}

/**
 * A canonical invoice as a NetSuite invoice body: lines as the `item` sublist (decimal strings,
 * never floats), external id = the invoice's canonical id. NetSuite computes tax and totals.
 * Vendor doc: NetSuite REST API Browser, record "invoice" (sublist item).
 */
export function toNetSuiteInvoice(invoice: Invoice & { id: string }, refs: InvoiceRefs): Record<string, unknown> {
  return {
    externalId: invoice.id,
    entity: { id: refs.entityId },
    ...(refs.jobId ? { job: { id: refs.jobId } } : {}),
    ...(refs.subsidiaryId ? { subsidiary: { id: refs.subsidiaryId } } : {}),
    ...(refs.currencyId ? { currency: { id: refs.currencyId } } : {}),
    tranDate: invoice.issueDate,
    ...(invoice.dueDate ? { dueDate: invoice.dueDate } : {}),
    ...(invoice.poNumber ? { otherRefNum: invoice.poNumber } : {}),
    ...(invoice.number ? { memo: invoice.number } : {}),
    item: {
      items: invoice.lines.map((line) => {
        const taxCodeId = line.taxCode ? refs.taxCodeIds?.[line.taxCode] : undefined;
        return {
          item: { id: refs.itemId },
          description: line.description,
          ...(line.quantity !== undefined ? { quantity: line.quantity } : {}),
          ...(line.unitPrice ? { rate: line.unitPrice.amount } : {}),
          amount: line.amount.amount,
          ...(taxCodeId ? { taxCode: { id: taxCodeId } } : {}),
        };
      }),
    },
  };
}

/** NetSuite invoice status ids -> canonical status (A Open, B Paid In Full, D Pending Approval, E Rejected, V Voided). */
export function invoiceStatusOf(statusId: string | undefined, amountPaid: string | undefined, amountRemaining: string | undefined, dueDate: string | undefined, today: string): Invoice['status'] {
  switch (statusId) {
    case 'B':
      return 'paid';
    case 'D':
      return 'draft';
    case 'E':
    case 'V':
      return 'void';
    default: {
      const paid = new Decimal(amountPaid ?? '0');
      const remaining = new Decimal(amountRemaining ?? '0');
      if (paid.greaterThan(0) && remaining.greaterThan(0)) return 'partially_paid';
      if (paid.greaterThan(0) && remaining.isZero()) return 'paid';
      if (dueDate && normalizeDate(dueDate) < today && remaining.greaterThan(0)) return 'overdue';
      return 'issued';
    }
  }
}

/** What the hub reads of an invoice: canonical status and the amount still due. */
export interface InvoiceStatus {
  id: string;
  externalId?: string | undefined;
  number?: string | undefined;
  status: Invoice['status'];
  total: Money;
  amountDue: Money;
  dueDate?: string | undefined;
  lastModified?: string | undefined;
}

/** Reads a NetSuite invoice (REST record) into status and amounts in `currency` (its ISO code). */
export function fromNetSuiteInvoiceStatus(record: InvoiceRecord, currency: string, today: string): InvoiceStatus {
  return {
    id: record.id,
    ...(record.externalId ? { externalId: record.externalId } : {}),
    ...(record.tranId ? { number: record.tranId } : {}),
    status: invoiceStatusOf(record.status?.id, record.amountPaid, record.amountRemaining, record.dueDate, today),
    total: money(record.total ?? '0', currency),
    amountDue: money(record.amountRemaining ?? record.total ?? '0', currency),
    ...(record.dueDate ? { dueDate: normalizeDate(record.dueDate) } : {}),
    ...(record.lastModifiedDate ? { lastModified: record.lastModifiedDate } : {}),
  };
}
