import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { systemRefSchema } from '../entities/refs.js';
import { timeEntryIdSchema } from '../entities/time-entry.js';
import { hoursSchema, moneySchema } from '../money/index.js';
import { instantSchema } from '../primitives.js';

/** time.posted: approved time is in the ERP; names the ERP record and the time entry version it posted. */
export const timePosted = defineEvent({
  type: 'time.posted',
  schemaVersion: '1',
  data: z.object({
    timeEntryId: timeEntryIdSchema,
    /** The time entry's sourceVersion that was posted. */
    timeEntryVersion: z.string().min(1),
    /** The ERP record (system, connection, object type, id) and the external id the hub set on it. */
    erpRecord: systemRefSchema.required({ externalId: true }),
    hours: hoursSchema,
    billable: z.boolean(),
    /** Billable amount posted (hours x bill rate, rounded to the minor unit), in the posting currency. */
    billAmount: moneySchema.optional(),
    /** Cost posted (hours x cost rate). */
    costAmount: moneySchema.optional(),
    /** When this posting reverses an earlier one: that posting's external id. */
    reversesExternalId: z.string().min(1).optional(),
    postedAt: instantSchema,
  }),
});
