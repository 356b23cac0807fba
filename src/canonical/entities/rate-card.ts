import { z } from 'zod';
import { currencySchema, moneySchema } from '../money/index.js';
import { businessDateSchema, textSchema } from '../primitives.js';
import { identityShape } from './refs.js';

/** One rate: role x region x currency x effective dates -> hourly bill rate and cost rate. */
export const rateCardEntrySchema = z.object({
  role: textSchema,
  region: textSchema,
  currency: currencySchema,
  effectiveFrom: businessDateSchema,
  /** Inclusive last day; open-ended when absent. */
  effectiveTo: businessDateSchema.optional(),
  billRate: moneySchema,
  costRate: moneySchema,
}).refine((e) => e.billRate.currency === e.currency && e.costRate.currency === e.currency, {
  message: 'billRate and costRate must be in the entry\'s currency',
  path: ['currency'],
});

/** RateCard: the rates a contract bills and costs time at. */
export const rateCardSchema = z.object({
  ...identityShape('rate_card'),
  name: textSchema,
  entries: z.array(rateCardEntrySchema).min(1),
});

/** A rate card. */
export type RateCard = z.infer<typeof rateCardSchema>;
