import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { engagementSchema } from '../entities/engagement.js';
import { systemRefSchema } from '../entities/refs.js';
import { instantSchema } from '../primitives.js';

/** engagement.provisioned: the project exists in the PSA and its financial dimensions in the ERP. */
export const engagementProvisioned = defineEvent({
  type: 'engagement.provisioned',
  schemaVersion: '1',
  data: z.object({
    engagement: engagementSchema,
    /** Every record created or linked (PSA project, ERP job/customer, resource requests...). */
    records: z.array(systemRefSchema).min(1),
    provisionedAt: instantSchema,
  }),
});
