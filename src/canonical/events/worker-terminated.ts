import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { entityRefSchema } from '../entities/refs.js';
import { businessDateSchema, textSchema } from '../primitives.js';

/** worker.terminated: the worker's last day; time after it is refused. */
export const workerTerminated = defineEvent({
  type: 'worker.terminated',
  schemaVersion: '1',
  data: z.object({
    workerRef: entityRefSchema('worker'),
    /** Last working day. */
    effectiveDate: businessDateSchema,
    reason: textSchema.optional(),
  }),
});
