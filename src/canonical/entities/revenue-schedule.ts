import { z } from 'zod';
import { moneySchema } from '../money/index.js';
import { periodSchema } from '../primitives.js';
import { revenuePolicySchema } from './billing-model.js';
import { entityRefSchema, identityShape } from './refs.js';

/** RevenueSchedule: how a contract's revenue is recognised period by period. */
export const revenueScheduleSchema = z.object({
  ...identityShape('revenue_schedule'),
  contractRef: entityRefSchema('contract'),
  engagementRef: entityRefSchema('engagement').optional(),
  policy: revenuePolicySchema,
  total: moneySchema,
  lines: z.array(z.object({ period: periodSchema, amount: moneySchema, recognized: z.boolean() })),
});

/** A revenue schedule. */
export type RevenueSchedule = z.infer<typeof revenueScheduleSchema>;
