import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { workerSchema } from '../entities/worker.js';
import { businessDateSchema } from '../primitives.js';

/** worker.changed: role, cost, region, entity or manager changed, effective from a date. */
export const workerChanged = defineEvent({
  type: 'worker.changed',
  schemaVersion: '1',
  data: z.object({
    worker: workerSchema,
    effectiveDate: businessDateSchema,
    changedFields: z.array(z.string().min(1)).min(1),
  }),
});
