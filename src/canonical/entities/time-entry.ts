import { z } from 'zod';
import { hoursSchema, moneySchema } from '../money/index.js';
import { businessDateSchema, instantSchema, textSchema } from '../primitives.js';
import { entityRefSchema } from './refs.js';

/**
 * Stable key of one worker x project x day of time: `<timecardId>:<YYYY-MM-DD>` (a weekly timecard
 * becomes one entry per day). It is the source id of time events; a correction is a new version of it.
 */
export const timeEntryIdSchema = z.string().regex(/^[^\s:]+:\d{4}-\d{2}-\d{2}$/, 'must be "<timecardId>:<YYYY-MM-DD>"');

/** Approval state of a time entry. */
export const timeEntryApprovalSchema = z.object({
  approvedAt: instantSchema.optional(),
  approverRef: entityRefSchema('worker').optional(),
  rejectedAt: instantSchema.optional(),
  rejectionReason: textSchema.optional(),
});

/** TimeEntry: one worker's hours on one project (and task) on one day. */
export const timeEntrySchema = z.object({
  timeEntryId: timeEntryIdSchema,
  /** The timecard (weekly sheet) in the PSA this day belongs to. */
  sourceTimecardId: textSchema,
  workerRef: entityRefSchema('worker'),
  projectRef: entityRefSchema('engagement'),
  taskRef: z.object({ code: textSchema }).optional(),
  workDate: businessDateSchema,
  hours: hoursSchema,
  billable: z.boolean(),
  status: z.enum(['draft', 'submitted', 'approved', 'rejected', 'posted']),
  approval: timeEntryApprovalSchema,
  /** Hourly bill rate when the PSA states it; otherwise the flow resolves it (assignment, then rate card). */
  billRate: moneySchema.optional(),
  /** Hourly cost rate when known at the source (redacted in logs). */
  costRate: moneySchema.optional(),
  notes: z.string().optional(),
});

/** A time entry. */
export type TimeEntry = z.infer<typeof timeEntrySchema>;

/** The time entry key of one day of a timecard: `<timecardId>:<YYYY-MM-DD>`. */
export function timeEntryKey(timecardId: string, workDate: string): string {
  return timeEntryIdSchema.parse(`${timecardId}:${workDate}`);
}
