import { z } from 'zod';
import { moneySchema } from '../money/index.js';
import { businessDateSchema, instantSchema, textSchema } from '../primitives.js';
import { entityRefSchema, identityShape } from './refs.js';

/** Milestone: project, amount, due date, status, approval for billing, dependencies. */
export const milestoneSchema = z.object({
  ...identityShape('milestone'),
  engagementRef: entityRefSchema('engagement'),
  contractRef: entityRefSchema('contract').optional(),
  /** Key in the contract's milestone schedule, when it came from one. */
  scheduleKey: textSchema.optional(),
  name: textSchema,
  amount: moneySchema,
  dueDate: businessDateSchema,
  status: z.enum(['planned', 'in_progress', 'completed', 'approved_for_billing', 'invoiced', 'cancelled']),
  completedAt: instantSchema.optional(),
  approvedForBillingAt: instantSchema.optional(),
  /** Milestones that must be completed before this one may bill. */
  dependsOn: z.array(entityRefSchema('milestone')),
});

/** A milestone. */
export type Milestone = z.infer<typeof milestoneSchema>;
