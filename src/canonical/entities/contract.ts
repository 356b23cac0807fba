import { z } from 'zod';
import { currencySchema, moneySchema } from '../money/index.js';
import { businessDateSchema, textSchema } from '../primitives.js';
import { billingModelSchema, revenuePolicySchema, taxTreatmentSchema } from './billing-model.js';
import { entityRefSchema, identityShape } from './refs.js';

/** A planned milestone in a contract's billing schedule. */
export const scheduledMilestoneSchema = z.object({
  /** Stable key within the contract (`M1`). */
  key: textSchema,
  name: textSchema,
  amount: moneySchema,
  dueDate: businessDateSchema,
  /** Keys of milestones that must be completed first. */
  dependsOn: z.array(textSchema),
});

/** A change order: what changed and from when. Past postings are never rewritten by it. */
export const amendmentSchema = z.object({
  amendmentId: textSchema,
  effectiveDate: businessDateSchema,
  description: textSchema,
  /** Names of the contract fields it changed (`rateCardRef`, `milestoneSchedule`, `endDate`...). */
  changedFields: z.array(textSchema).min(1),
});

/** Contract: billing model, currency, rate card, milestone schedule, tax treatment, revenue policy, amendments. */
export const contractSchema = z.object({
  ...identityShape('contract'),
  number: textSchema.optional(),
  clientRef: entityRefSchema('client'),
  dealRef: entityRefSchema('deal').optional(),
  billingModel: billingModelSchema,
  currency: currencySchema,
  rateCardRef: entityRefSchema('rate_card').optional(),
  startDate: businessDateSchema,
  endDate: businessDateSchema.optional(),
  milestoneSchedule: z.array(scheduledMilestoneSchema),
  taxTreatment: taxTreatmentSchema,
  taxCode: textSchema.optional(),
  revenuePolicy: revenuePolicySchema,
  /** Not-to-exceed amount; billing beyond it is held. */
  cap: moneySchema.optional(),
  poNumber: textSchema.optional(),
  status: z.enum(['draft', 'active', 'suspended', 'closed']),
  amendments: z.array(amendmentSchema),
});

/** A contract. */
export type Contract = z.infer<typeof contractSchema>;
