import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { billingEventSchema } from '../entities/billing-event.js';
import { instantSchema } from '../primitives.js';

/** billing.released: an amount passed the contract's checks and may be invoiced. */
export const billingReleased = defineEvent({
  type: 'billing.released',
  schemaVersion: '1',
  data: z.object({
    billingEvent: billingEventSchema,
    releasedAt: instantSchema,
  }),
});
