import { z } from 'zod';
import { moneySchema } from '../money/index.js';
import { businessDateSchema, textSchema } from '../primitives.js';
import { entityRefSchema, identityShape } from './refs.js';

/** Worker: employee id, role, class, cost rate, home legal entity, region, active dates (owned by HR). */
export const workerSchema = z.object({
  ...identityShape('worker'),
  employeeId: textSchema,
  displayName: textSchema,
  email: z.email().optional(),
  role: textSchema,
  employeeClass: z.enum(['employee', 'contractor', 'intern']),
  /** Hourly cost rate: personal data, redacted in logs. */
  costRate: moneySchema.optional(),
  homeLegalEntityRef: entityRefSchema('legal_entity'),
  region: textSchema,
  practice: textSchema.optional(),
  managerRef: entityRefSchema('worker').optional(),
  activeFrom: businessDateSchema,
  /** Last working day, once terminated. */
  activeTo: businessDateSchema.optional(),
  status: z.enum(['active', 'on_leave', 'terminated']),
});

/** A worker. */
export type Worker = z.infer<typeof workerSchema>;
