import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { entityRefSchema } from '../entities/refs.js';
import { timeEntryIdSchema } from '../entities/time-entry.js';
import { hoursSchema, moneySchema } from '../money/index.js';
import { businessDateSchema, instantSchema, textSchema } from '../primitives.js';

/** The approved time of ONE worker x project (x task) x day. */
export const approvedTimeSchema = z.object({
  /** `<timecardId>:<YYYY-MM-DD>`; also the event's sourceId. */
  timeEntryId: timeEntryIdSchema,
  sourceTimecardId: textSchema,
  workerRef: entityRefSchema('worker'),
  projectRef: entityRefSchema('engagement'),
  taskRef: z.object({ code: textSchema }).optional(),
  workDate: businessDateSchema,
  hours: hoursSchema,
  billable: z.boolean(),
  billRate: moneySchema.optional(),
  costRate: moneySchema.optional(),
  approvedAt: instantSchema,
  approverRef: entityRefSchema('worker').optional(),
  notes: z.string().optional(),
});

/** Approved time for one day. */
export type ApprovedTime = z.infer<typeof approvedTimeSchema>;

/**
 * time.approved: a day of time was approved. Source id is the timeEntryId; a correction after
 * approval arrives as the same source id with a new sourceVersion (the flow posts the difference as
 * reversing + new entries, never an edit in place).
 */
export const timeApproved = defineEvent({
  type: 'time.approved',
  schemaVersion: '1',
  data: approvedTimeSchema,
});
