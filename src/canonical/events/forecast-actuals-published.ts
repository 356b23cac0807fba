import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { forecastSnapshotSchema } from '../entities/forecast-snapshot.js';
import { systemRefSchema } from '../entities/refs.js';

/** forecast.actuals_published: actuals and backlog were sent to planning (the import it landed in). */
export const forecastActualsPublished = defineEvent({
  type: 'forecast.actuals_published',
  schemaVersion: '1',
  data: z.object({
    snapshot: forecastSnapshotSchema,
    /** The planning import/task that received it. */
    destination: systemRefSchema.optional(),
  }),
});
