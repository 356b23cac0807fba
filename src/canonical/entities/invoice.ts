import { z } from 'zod';
import { currencySchema, equals, moneySchema, sum } from '../money/index.js';
import { businessDateSchema, quantitySchema, textSchema } from '../primitives.js';
import { entityRefSchema, identityShape, sourceLineSchema } from './refs.js';

/** One invoice line, traceable to the time entries / milestone / expenses it bills. */
export const invoiceLineSchema = z.object({
  lineId: textSchema,
  description: textSchema,
  quantity: quantitySchema.optional(),
  unitPrice: moneySchema.optional(),
  /** Net amount of the line. */
  amount: moneySchema,
  tax: moneySchema.optional(),
  taxCode: textSchema.optional(),
  engagementRef: entityRefSchema('engagement').optional(),
  sources: z.array(sourceLineSchema).min(1),
});

/** Invoice statuses; `status_changed` events move between them. */
export const invoiceStatusSchema = z.enum(['draft', 'issued', 'partially_paid', 'paid', 'overdue', 'void', 'credited']);

/**
 * Invoice: lines traceable to sources, tax, currency, status. Totals must add up: every amount is
 * in the invoice currency, subtotal = sum of line amounts, taxTotal = sum of line taxes, total =
 * subtotal + taxTotal.
 */
export const invoiceSchema = z
  .object({
    ...identityShape('invoice'),
    number: textSchema.optional(),
    clientRef: entityRefSchema('client'),
    legalEntityRef: entityRefSchema('legal_entity'),
    contractRef: entityRefSchema('contract').optional(),
    currency: currencySchema,
    issueDate: businessDateSchema,
    dueDate: businessDateSchema.optional(),
    poNumber: textSchema.optional(),
    status: invoiceStatusSchema,
    lines: z.array(invoiceLineSchema).min(1),
    subtotal: moneySchema,
    taxTotal: moneySchema,
    total: moneySchema,
    amountDue: moneySchema,
  })
  .superRefine((invoice, ctx) => {
    const amounts = [
      ...invoice.lines.flatMap((l) => [l.amount, l.tax, l.unitPrice]),
      invoice.subtotal, invoice.taxTotal, invoice.total, invoice.amountDue,
    ];
    if (amounts.some((m) => m !== undefined && m.currency !== invoice.currency)) {
      ctx.addIssue({ code: 'custom', path: ['currency'], message: `every amount must be in ${invoice.currency}` });
      return;
    }
    const net = sum(invoice.lines.map((l) => l.amount), invoice.currency);
    const tax = sum(invoice.lines.flatMap((l) => (l.tax ? [l.tax] : [])), invoice.currency);
    if (!equals(net, invoice.subtotal)) {
      ctx.addIssue({ code: 'custom', path: ['subtotal'], message: `must equal the sum of line amounts (${net.amount})` });
    }
    if (!equals(tax, invoice.taxTotal)) {
      ctx.addIssue({ code: 'custom', path: ['taxTotal'], message: `must equal the sum of line taxes (${tax.amount})` });
    }
    if (!equals(sum([invoice.subtotal, invoice.taxTotal], invoice.currency), invoice.total)) {
      ctx.addIssue({ code: 'custom', path: ['total'], message: 'must equal subtotal + taxTotal' });
    }
  });

/** An invoice. */
export type Invoice = z.infer<typeof invoiceSchema>;
