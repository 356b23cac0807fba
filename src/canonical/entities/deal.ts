import { z } from 'zod';
import { currencySchema, moneySchema } from '../money/index.js';
import { businessDateSchema, instantSchema, quantitySchema, textSchema } from '../primitives.js';
import { billingModelSchema } from './billing-model.js';
import { entityRefSchema, identityShape } from './refs.js';

/** One sold-services line of a deal (an opportunity line item): role or product, quantity and price. */
export const soldServiceLineSchema = z.object({
  lineId: textSchema,
  description: textSchema,
  /** Role sold (`Senior Consultant`), when the line sells people's time. */
  role: textSchema.optional(),
  product: textSchema.optional(),
  quantity: quantitySchema,
  unit: z.enum(['hour', 'day', 'unit', 'fixed']),
  unitPrice: moneySchema,
  total: moneySchema,
  startDate: businessDateSchema.optional(),
  endDate: businessDateSchema.optional(),
});

/** Opportunity / deal: what was sold to whom, with which billing model (owned by the CRM). */
export const dealSchema = z.object({
  ...identityShape('deal'),
  name: textSchema,
  clientRef: entityRefSchema('client'),
  stage: textSchema,
  closeDate: businessDateSchema,
  /** When it was marked won, if it was. */
  wonAt: instantSchema.optional(),
  currency: currencySchema,
  amount: moneySchema,
  billingModel: billingModelSchema,
  practice: textSchema.optional(),
  region: textSchema.optional(),
  legalEntityRef: entityRefSchema('legal_entity').optional(),
  soldServices: z.array(soldServiceLineSchema),
  /** Sales owner's e-mail. */
  ownerEmail: z.email().optional(),
});

/** A deal. */
export type Deal = z.infer<typeof dealSchema>;
