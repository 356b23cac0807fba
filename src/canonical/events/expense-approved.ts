import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { expenseSchema } from '../entities/expense.js';

/** expense.approved: an expense line was approved for posting (and billing when billable). */
export const expenseApproved = defineEvent({
  type: 'expense.approved',
  schemaVersion: '1',
  data: z.object({ expense: expenseSchema }),
});
