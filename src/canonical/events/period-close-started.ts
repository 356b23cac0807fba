import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { entityRefSchema } from '../entities/refs.js';
import { instantSchema, periodSchema, textSchema } from '../primitives.js';

/** period.close_started: finance began closing a period (for one legal entity, or all when absent). */
export const periodCloseStarted = defineEvent({
  type: 'period.close_started',
  schemaVersion: '1',
  data: z.object({
    period: periodSchema,
    legalEntityRef: entityRefSchema('legal_entity').optional(),
    startedAt: instantSchema,
    startedBy: textSchema,
  }),
});
