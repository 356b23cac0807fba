import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { engagementSchema } from '../entities/engagement.js';
import { instantSchema, textSchema } from '../primitives.js';

/** engagement.requested: a project was asked for (from a won deal or `POST /v1/engagements`). */
export const engagementRequested = defineEvent({
  type: 'engagement.requested',
  schemaVersion: '1',
  data: z.object({
    engagement: engagementSchema,
    requestedAt: instantSchema,
    /** Who or what asked: a user e-mail, `deal-to-project`, an API client id. */
    requestedBy: textSchema,
  }),
});
