import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { entityRefSchema } from '../entities/refs.js';
import { timeEntryIdSchema } from '../entities/time-entry.js';
import { hoursSchema } from '../money/index.js';
import { businessDateSchema, instantSchema, textSchema } from '../primitives.js';

/** time.rejected: a day of time was rejected (if it was approved and posted before, the flow reverses it). */
export const timeRejected = defineEvent({
  type: 'time.rejected',
  schemaVersion: '1',
  data: z.object({
    timeEntryId: timeEntryIdSchema,
    sourceTimecardId: textSchema,
    workerRef: entityRefSchema('worker'),
    projectRef: entityRefSchema('engagement'),
    workDate: businessDateSchema,
    hours: hoursSchema,
    rejectedAt: instantSchema,
    reason: textSchema.optional(),
    /** True when this entry had been approved before (a recall after approval). */
    previouslyApproved: z.boolean(),
  }),
});
