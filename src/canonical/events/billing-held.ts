import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { billingEventSchema } from '../entities/billing-event.js';
import { instantSchema, textSchema } from '../primitives.js';

/** billing.held: an amount may not be invoiced yet (cap reached, billing hold, unmet dependency). */
export const billingHeld = defineEvent({
  type: 'billing.held',
  schemaVersion: '1',
  data: z.object({
    billingEvent: billingEventSchema,
    heldAt: instantSchema,
    reason: z.enum(['cap_reached', 'billing_hold', 'dependency_unmet', 'missing_approval', 'other']),
    detail: textSchema.optional(),
  }),
});
