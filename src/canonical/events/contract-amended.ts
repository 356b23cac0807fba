import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { amendmentSchema, contractSchema } from '../entities/contract.js';

/** contract.amended: a change order took effect; the contract as amended plus the amendment itself. */
export const contractAmended = defineEvent({
  type: 'contract.amended',
  schemaVersion: '1',
  data: z.object({
    contract: contractSchema,
    amendment: amendmentSchema,
  }),
});
