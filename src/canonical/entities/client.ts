import { z } from 'zod';
import { currencySchema } from '../money/index.js';
import { countrySchema, textSchema } from '../primitives.js';
import { entityRefSchema, identityShape } from './refs.js';

/** A postal address (bill-to, sold-to). */
export const addressSchema = z.object({
  lines: z.array(textSchema).min(1).max(4),
  city: textSchema,
  region: textSchema.optional(),
  postalCode: textSchema.optional(),
  country: countrySchema,
});

/** A client's tax attributes, owned by the ERP. */
export const taxProfileSchema = z.object({
  /** VAT / GST / EIN; used with the normalised name and domain to match clients across systems. */
  taxId: textSchema.optional(),
  taxExempt: z.boolean(),
  /** The tax code the ERP applies by default. */
  taxCode: textSchema.optional(),
});

/** Client: the account the firm sells to and bills (account hierarchy, bill-to, tax profile, legal entity). */
export const clientSchema = z.object({
  ...identityShape('client'),
  name: textSchema,
  /** Parent in the account hierarchy. */
  parentRef: entityRefSchema('client').optional(),
  /** Web domain, used for matching (`acme.com`). */
  domain: z.string().regex(/^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/, 'must be a lowercase domain like "acme.com"').optional(),
  billTo: addressSchema.optional(),
  taxProfile: taxProfileSchema.optional(),
  /** The firm's legal entity that contracts with this client. */
  legalEntityRef: entityRefSchema('legal_entity').optional(),
  currency: currencySchema.optional(),
  status: z.enum(['active', 'inactive']),
});

/** A client. */
export type Client = z.infer<typeof clientSchema>;
