import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { assignmentSchema } from '../entities/assignment.js';

/** assignment.changed: a worker was staffed, restaffed or released on a project. */
export const assignmentChanged = defineEvent({
  type: 'assignment.changed',
  schemaVersion: '1',
  data: z.object({
    assignment: assignmentSchema,
    change: z.enum(['created', 'updated', 'cancelled']),
  }),
});
