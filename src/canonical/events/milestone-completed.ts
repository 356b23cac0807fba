import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { milestoneSchema } from '../entities/milestone.js';
import { instantSchema } from '../primitives.js';

/** milestone.completed: delivery marked a milestone done; starts milestone-to-invoice. */
export const milestoneCompleted = defineEvent({
  type: 'milestone.completed',
  schemaVersion: '1',
  data: z.object({
    milestone: milestoneSchema,
    completedAt: instantSchema,
  }),
});
