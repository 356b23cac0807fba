import { NetSuiteError } from '../errors.js';
import { dec, roundHalfEven, SandboxDecimal, type SandboxDecimalValue } from '../money.js';
import type { StoredLine, StoredRecord } from '../records/field-spec.js';
import { invoiceStatus } from '../records/record-types.js';
import type { NetSuiteStore } from '../store.js';
import { follow, type RecordRules } from './rule-context.js';
import { applyEntityDefaults, applyPostingPeriod, currencyPrecision } from './transaction-defaults.js';

/**
 * Invoices: line amount = quantity x rate, tax per line from its tax code's rate, totals, a tranId
 * number, and amountPaid / amountRemaining / status derived from the payments applied to it.
 * All rounding is half-even to the currency's precision.
 */
export const invoiceRules: RecordRules = {
  finalize(record, context) {
    const { store } = context;
    applyEntityDefaults(record, store, 'entity');
    applyPostingPeriod(record, context);
    if (!record.tranId) record.tranId = store.nextTranId('INV');
    // Net 30 when no due date is given (NetSuite derives it from the customer's terms).
    record.dueDate ??= addDays(String(record.tranDate), 30);
    const places = currencyPrecision(store, record.currency);
    const lines = (record.item as { items?: StoredLine[] } | undefined)?.items ?? [];
    if (lines.length === 0) {
      throw new NetSuiteError('USER_ERROR', 'You must enter at least one line item for this transaction.', { path: 'item' });
    }
    let subtotal = new SandboxDecimal(0);
    let taxTotal = new SandboxDecimal(0);
    lines.forEach((line, index) => {
      const path = `item.items[${index}]`;
      const quantity = line.quantity === undefined ? new SandboxDecimal(1) : dec(line.quantity);
      line.quantity = quantity.toString();
      if (line.rate !== undefined) line.amount = roundHalfEven(quantity.times(dec(line.rate)), places);
      else if (line.amount !== undefined) line.amount = roundHalfEven(dec(line.amount), places);
      else throw new NetSuiteError('USER_ERROR', 'Please enter value(s) for: Amount', { path: `${path}.amount` });
      const taxCode = follow(store, line.taxCode);
      if (!taxCode) throw new NetSuiteError('USER_ERROR', 'Please enter value(s) for: Tax Code', { path: `${path}.taxCode` });
      const taxRate = dec(taxCode.rate);
      const tax = roundHalfEven(dec(line.amount).times(taxRate).div(100), places);
      line.taxRate1 = taxRate.toString();
      line.tax1Amt = tax;
      line.grossAmt = roundHalfEven(dec(line.amount).plus(tax), places);
      subtotal = subtotal.plus(dec(line.amount));
      taxTotal = taxTotal.plus(tax);
    });
    record.subtotal = roundHalfEven(subtotal, places);
    record.taxTotal = roundHalfEven(taxTotal, places);
    record.total = roundHalfEven(subtotal.plus(taxTotal), places);
    if (context.existing) applyPaymentState(record, amountPaidOn(store, context.existing.id), places);
    else applyPaymentState(record, new SandboxDecimal(0), places);
    return record;
  },
};

/** Sets amountPaid, amountRemaining and status; rejects a total below what was already paid. */
export function applyPaymentState(record: Record<string, unknown>, paid: SandboxDecimalValue, places: number): void {
  const remaining = dec(record.total).minus(paid);
  if (remaining.isNegative()) {
    throw new NetSuiteError('USER_ERROR', 'The invoice total cannot be less than the amount already paid.', { path: 'item' });
  }
  record.amountPaid = roundHalfEven(paid, places);
  record.amountRemaining = roundHalfEven(remaining, places);
  record.status = { id: remaining.isZero() && paid.greaterThan(0) ? invoiceStatus.paidInFull : invoiceStatus.open };
}

/** The sum applied to an invoice by all payments (optionally leaving one payment out). */
export function amountPaidOn(store: NetSuiteStore, invoiceId: string, exceptPaymentId?: string): SandboxDecimalValue {
  let paid = new SandboxDecimal(0);
  for (const payment of store.list('customerPayment')) {
    if (payment.id === exceptPaymentId) continue;
    for (const line of (payment.apply as { items?: StoredLine[] } | undefined)?.items ?? []) {
      if (line.apply !== false && (line.doc as { id?: string } | undefined)?.id === invoiceId) paid = paid.plus(dec(line.amount));
    }
  }
  return paid;
}

/** Recomputes an invoice's paid amounts and status from the payments now stored. */
export function refreshInvoicePayments(store: NetSuiteStore, invoice: StoredRecord): void {
  const updated: Record<string, unknown> = { ...invoice };
  applyPaymentState(updated, amountPaidOn(store, invoice.id), currencyPrecision(store, invoice.currency));
  if (updated.amountPaid !== invoice.amountPaid || (updated.status as { id: string }).id !== (invoice.status as { id?: string })?.id) {
    store.replace('invoice', invoice.id, updated);
  }
}

function addDays(date: string, days: number): string {
  const instant = new Date(`${date}T00:00:00Z`);
  instant.setUTCDate(instant.getUTCDate() + days);
  return instant.toISOString().slice(0, 10);
}
