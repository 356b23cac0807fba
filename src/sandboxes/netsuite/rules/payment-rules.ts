import { NetSuiteError } from '../errors.js';
import { dec, roundHalfEven, SandboxDecimal } from '../money.js';
import type { StoredLine, StoredRecord } from '../records/field-spec.js';
import { amountPaidOn, refreshInvoicePayments } from './invoice-rules.js';
import { follow, type RecordRules } from './rule-context.js';
import { applyEntityDefaults, applyPostingPeriod, currencyPrecision, customerBehind } from './transaction-defaults.js';

/**
 * Customer payments: the `apply` sublist applies amounts to the customer's open invoices (an apply
 * line without an amount pays the invoice's whole remaining balance); the invoices' amountRemaining
 * and status follow. Over-application is rejected.
 */
export const paymentRules: RecordRules = {
  finalize(record, context) {
    const { store } = context;
    applyEntityDefaults(record, store, 'customer');
    applyPostingPeriod(record, context);
    if (!record.tranId) record.tranId = store.nextTranId('PYMT');
    const places = currencyPrecision(store, record.currency);
    const payment = dec(record.payment);
    if (!payment.greaterThan(0)) throw new NetSuiteError('USER_ERROR', 'The payment amount must be greater than zero.', { path: 'payment' });
    record.payment = roundHalfEven(payment, places);
    const payer = customerBehind(store, record.customer);
    let applied = new SandboxDecimal(0);
    const lines = (record.apply as { items?: StoredLine[] } | undefined)?.items ?? [];
    lines.forEach((line, index) => {
      const path = `apply.items[${index}]`;
      const invoice = follow(store, line.doc);
      if (!invoice) throw new NetSuiteError('INVALID_KEY_OR_REF', 'Invalid apply document reference.', { path: `${path}.doc` });
      if (customerBehind(store, invoice.entity)?.id !== payer?.id) {
        throw new NetSuiteError('USER_ERROR', `Invoice ${String(invoice.tranId)} belongs to another customer.`, { path: `${path}.doc` });
      }
      if ((invoice.currency as { id?: string })?.id !== (record.currency as { id?: string })?.id) {
        throw new NetSuiteError('USER_ERROR', `Invoice ${String(invoice.tranId)} is in another currency.`, { path: `${path}.doc` });
      }
      const due = dec(invoice.total).minus(amountPaidOn(store, invoice.id, context.existing?.id));
      line.total = invoice.total;
      line.due = roundHalfEven(due, places);
      line.refNum = invoice.tranId;
      if (line.apply === false) return;
      line.apply = true;
      const amount = line.amount === undefined ? due : dec(line.amount);
      if (!amount.greaterThan(0) || amount.greaterThan(due)) {
        throw new NetSuiteError('USER_ERROR', `The amount applied to invoice ${String(invoice.tranId)} must be between 0 and the amount due (${due.toFixed(places)}).`, { path: `${path}.amount` });
      }
      line.amount = roundHalfEven(amount, places);
      applied = applied.plus(amount);
    });
    if (applied.greaterThan(payment)) {
      throw new NetSuiteError('USER_ERROR', 'The total amount applied cannot exceed the payment amount.', { path: 'apply' });
    }
    record.applied = roundHalfEven(applied, places);
    record.unapplied = roundHalfEven(payment.minus(applied), places);
    return record;
  },

  afterWrite(record, context) {
    const invoiceIds = new Set<string>();
    for (const source of [context.existing, record]) {
      for (const line of (source?.apply as { items?: StoredLine[] } | undefined)?.items ?? []) {
        const id = (line.doc as { id?: string } | undefined)?.id;
        if (id) invoiceIds.add(id);
      }
    }
    for (const id of invoiceIds) {
      const invoice: StoredRecord | undefined = context.store.get('invoice', id);
      if (invoice) refreshInvoicePayments(context.store, invoice);
    }
  },
};
