import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { workerSchema } from '../entities/worker.js';
import { businessDateSchema } from '../primitives.js';

/** worker.hired: a new worker, effective from a date (HR owns it). */
export const workerHired = defineEvent({
  type: 'worker.hired',
  schemaVersion: '1',
  data: z.object({
    worker: workerSchema,
    effectiveDate: businessDateSchema,
  }),
});
