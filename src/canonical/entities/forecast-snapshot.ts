import { z } from 'zod';
import { hoursSchema, moneySchema } from '../money/index.js';
import { instantSchema, periodSchema, textSchema } from '../primitives.js';
import { entityRefSchema, identityShape } from './refs.js';

/** Actuals and backlog for one scope (project / practice / region / legal entity) and period. */
export const forecastLineSchema = z.object({
  engagementRef: entityRefSchema('engagement').optional(),
  practice: textSchema.optional(),
  region: textSchema.optional(),
  legalEntityRef: entityRefSchema('legal_entity').optional(),
  hours: hoursSchema,
  cost: moneySchema,
  billings: moneySchema,
  collections: moneySchema,
  backlog: moneySchema,
});

/** ForecastSnapshot: the figures the hub sent to planning for a period, as of an instant. */
export const forecastSnapshotSchema = z.object({
  ...identityShape('forecast_snapshot'),
  period: periodSchema,
  asOf: instantSchema,
  lines: z.array(forecastLineSchema),
});

/** A forecast snapshot. */
export type ForecastSnapshot = z.infer<typeof forecastSnapshotSchema>;
