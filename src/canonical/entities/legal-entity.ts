import { z } from 'zod';
import { currencySchema } from '../money/index.js';
import { countrySchema, textSchema } from '../primitives.js';
import { identityShape } from './refs.js';

/** LegalEntity: a company of the firm (an ERP subsidiary) with its country and functional currency. */
export const legalEntitySchema = z.object({
  ...identityShape('legal_entity'),
  code: textSchema,
  name: textSchema,
  country: countrySchema,
  functionalCurrency: currencySchema,
  taxId: textSchema.optional(),
});

/** A legal entity. */
export type LegalEntity = z.infer<typeof legalEntitySchema>;
