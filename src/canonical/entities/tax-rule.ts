import { z } from 'zod';
import { businessDateSchema, countrySchema, rateFractionSchema, textSchema } from '../primitives.js';
import { taxTreatmentSchema } from './billing-model.js';
import { identityShape } from './refs.js';

/** TaxRule: which tax code and rate apply in a jurisdiction to a kind of charge, from when. */
export const taxRuleSchema = z.object({
  ...identityShape('tax_rule'),
  code: textSchema,
  country: countrySchema,
  /** State / province, when the tax is sub-national. */
  region: textSchema.optional(),
  /** Charge kinds it applies to (`services`, `expenses`...); empty means all. */
  appliesTo: z.array(textSchema),
  treatment: taxTreatmentSchema,
  /** Rate as a fraction (`0.2` = 20%). */
  rate: rateFractionSchema,
  effectiveFrom: businessDateSchema,
  effectiveTo: businessDateSchema.optional(),
});

/** A tax rule. */
export type TaxRule = z.infer<typeof taxRuleSchema>;
