import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { invoiceSchema } from '../entities/invoice.js';

/** invoice.issued: the ERP issued an invoice; its lines trace to time entries, milestones, expenses. */
export const invoiceIssued = defineEvent({
  type: 'invoice.issued',
  schemaVersion: '1',
  data: z.object({ invoice: invoiceSchema }),
});
