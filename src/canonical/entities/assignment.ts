import { z } from 'zod';
import { hoursSchema, moneySchema } from '../money/index.js';
import { businessDateSchema, textSchema } from '../primitives.js';
import { entityRefSchema, identityShape } from './refs.js';

/** Assignment: a worker on a project in a role, with an optional bill-rate override and dates. */
export const assignmentSchema = z.object({
  ...identityShape('assignment'),
  workerRef: entityRefSchema('worker'),
  engagementRef: entityRefSchema('engagement'),
  role: textSchema,
  /** Overrides the rate card's bill rate for this worker on this project. */
  billRate: moneySchema.optional(),
  /** Overrides the worker's cost rate (rare; e.g. a subcontractor). */
  costRate: moneySchema.optional(),
  startDate: businessDateSchema,
  endDate: businessDateSchema.optional(),
  plannedHours: hoursSchema.optional(),
  status: z.enum(['planned', 'confirmed', 'completed', 'cancelled']),
});

/** An assignment. */
export type Assignment = z.infer<typeof assignmentSchema>;
