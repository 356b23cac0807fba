import { z } from 'zod';
import { canonicalIdSchema } from '../ids.js';

/** A record in one system: which connection, which object type, which id there. */
export const systemRefSchema = z.object({
  /** Vendor system, e.g. `salesforce`, `certinia`, `kantata`, `workday`, `netsuite`, `dynamics365`, `anaplan`. */
  system: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a lowercase system name like "netsuite"'),
  /** The configured connection id (one firm may have two NetSuite accounts). */
  connection: z.string().min(1),
  /** The vendor object type, e.g. `Account`, `pse__Proj__c`, `customer`. */
  objectType: z.string().min(1),
  /** The record's id in that system. */
  id: z.string().min(1),
  /** The external id the hub set on it, when it created the record. */
  externalId: z.string().min(1).optional(),
}).meta({ id: 'SystemRef', description: 'A record in one system: connection, object type and id there.' });

/** A record in one system. */
export type SystemRef = z.infer<typeof systemRefSchema>;

/**
 * A reference to another entity: its canonical id when the hub already knows it, and/or the ids it
 * has in source systems. Pure mappers only know system ids; intake and flows resolve them through
 * cross-references, and a reference that cannot be resolved is an exception, never a guess.
 */
export function entityRefSchema(type?: string) {
  return z
    .object({
      canonicalId: canonicalIdSchema(type).optional(),
      refs: z.array(systemRefSchema),
    })
    .refine((ref) => ref.canonicalId !== undefined || ref.refs.length > 0, {
      message: 'must have a canonicalId or at least one system ref',
    });
}

/** A reference to an entity (see {@link entityRefSchema}). */
export type EntityRef = z.infer<ReturnType<typeof entityRefSchema>>;

/**
 * The identity every entity carries: its canonical id (absent until intake or a flow resolves it
 * from cross-references) and the records that represent it in each system.
 */
export function identityShape(type: string) {
  return {
    id: canonicalIdSchema(type).optional(),
    systemRefs: z.array(systemRefSchema),
  };
}

/** Where a billed or posted amount came from: the line-level traceability of invoices and billing events. */
export const sourceLineSchema = z.object({
  kind: z.enum(['time_entry', 'expense', 'milestone', 'fixed_fee', 'retainer', 'subscription', 'adjustment']),
  /** Time entry key (`<timecardId>:<date>`), expense id, or canonical id of the milestone. */
  key: z.string().min(1),
  /** The source version billed (a corrected time entry is a new version). */
  sourceVersion: z.string().min(1).optional(),
});

/** Where an amount came from. */
export type SourceLine = z.infer<typeof sourceLineSchema>;
