import { z } from 'zod';
import { moneySchema } from '../money/index.js';
import { businessDateSchema, textSchema } from '../primitives.js';
import { entityRefSchema, identityShape } from './refs.js';

/** How much of a payment went to one invoice. */
export const paymentApplicationSchema = z.object({
  invoiceRef: entityRefSchema('invoice'),
  amount: moneySchema,
});

/** Payment: amount received, date, and the invoices it was applied to. */
export const paymentSchema = z
  .object({
    ...identityShape('payment'),
    clientRef: entityRefSchema('client'),
    amount: moneySchema,
    receivedDate: businessDateSchema,
    method: textSchema.optional(),
    reference: textSchema.optional(),
    applications: z.array(paymentApplicationSchema),
  })
  .refine((p) => p.applications.every((a) => a.amount.currency === p.amount.currency), {
    message: 'applications must be in the payment currency',
    path: ['applications'],
  });

/** A payment. */
export type Payment = z.infer<typeof paymentSchema>;
