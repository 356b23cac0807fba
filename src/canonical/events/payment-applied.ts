import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { paymentSchema } from '../entities/payment.js';

/** payment.applied: a customer payment was applied to one or more invoices. */
export const paymentApplied = defineEvent({
  type: 'payment.applied',
  schemaVersion: '1',
  data: z.object({ payment: paymentSchema }),
});
