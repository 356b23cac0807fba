import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { invoiceStatusSchema } from '../entities/invoice.js';
import { entityRefSchema } from '../entities/refs.js';
import { moneySchema } from '../money/index.js';
import { instantSchema } from '../primitives.js';

/** invoice.status_changed: paid, partially paid, overdue, voided or credited. */
export const invoiceStatusChanged = defineEvent({
  type: 'invoice.status_changed',
  schemaVersion: '1',
  data: z.object({
    invoiceRef: entityRefSchema('invoice'),
    previousStatus: invoiceStatusSchema.optional(),
    status: invoiceStatusSchema,
    amountDue: moneySchema,
    changedAt: instantSchema,
  }),
});
