import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { hoursSchema, moneySchema, signedHoursSchema } from '../money/index.js';
import { instantSchema, textSchema } from '../primitives.js';
import { approvedTimeSchema } from './time-approved.js';

/**
 * time.adjusted: approved time was corrected (hours, billable flag, task or rate). Carries the
 * entry as it now stands and what it was, so the flow can post a reversal and a new entry.
 */
export const timeAdjusted = defineEvent({
  type: 'time.adjusted',
  schemaVersion: '1',
  data: z.object({
    current: approvedTimeSchema,
    previous: z.object({
      sourceVersion: z.string().min(1),
      hours: hoursSchema,
      billable: z.boolean(),
      billRate: moneySchema.optional(),
      taskCode: textSchema.optional(),
    }),
    /** current.hours - previous.hours. */
    hoursDelta: signedHoursSchema,
    adjustedAt: instantSchema,
    reason: textSchema.optional(),
  }),
});
