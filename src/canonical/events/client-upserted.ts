import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { clientSchema } from '../entities/client.js';

/** client.upserted: a client was created or changed in its owning system. */
export const clientUpserted = defineEvent({
  type: 'client.upserted',
  schemaVersion: '1',
  data: z.object({
    client: clientSchema,
    /** Fields that changed, when the source says (empty on create). */
    changedFields: z.array(z.string().min(1)),
  }),
});
