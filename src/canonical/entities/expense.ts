import { z } from 'zod';
import { moneySchema } from '../money/index.js';
import { businessDateSchema, instantSchema, textSchema } from '../primitives.js';
import { entityRefSchema } from './refs.js';

/** Expense: worker, project, date, category, amount, billable, tax, receipt. Keyed by its source expense id. */
export const expenseSchema = z.object({
  /** Stable id of the expense line in the PSA. */
  expenseId: textSchema,
  workerRef: entityRefSchema('worker'),
  projectRef: entityRefSchema('engagement'),
  taskRef: z.object({ code: textSchema }).optional(),
  date: businessDateSchema,
  category: textSchema,
  description: z.string().optional(),
  /** Amount incurred, in the currency it was paid in (tax included when `tax` is given). */
  amount: moneySchema,
  tax: moneySchema.optional(),
  taxCode: textSchema.optional(),
  billable: z.boolean(),
  receiptRef: textSchema.optional(),
  status: z.enum(['draft', 'submitted', 'approved', 'rejected', 'posted']),
  approvedAt: instantSchema.optional(),
});

/** An expense. */
export type Expense = z.infer<typeof expenseSchema>;
