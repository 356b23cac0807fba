import { z } from 'zod';
import { moneySchema } from '../money/index.js';
import { businessDateSchema, textSchema } from '../primitives.js';
import { entityRefSchema, identityShape, sourceLineSchema } from './refs.js';

/** BillingEvent: an amount that became billable (time, expense, milestone, fee), with its sources. */
export const billingEventSchema = z.object({
  ...identityShape('billing_event'),
  engagementRef: entityRefSchema('engagement'),
  contractRef: entityRefSchema('contract').optional(),
  clientRef: entityRefSchema('client'),
  kind: z.enum(['time', 'expense', 'milestone', 'fixed_fee', 'retainer', 'subscription', 'adjustment']),
  amount: moneySchema,
  date: businessDateSchema,
  /** What it bills; every amount traces back to time entries, expenses or milestones. */
  sources: z.array(sourceLineSchema).min(1),
  status: z.enum(['pending', 'released', 'held', 'invoiced']),
  holdReason: textSchema.optional(),
});

/** A billing event. */
export type BillingEvent = z.infer<typeof billingEventSchema>;
