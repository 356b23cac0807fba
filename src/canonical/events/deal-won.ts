import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { contractSchema } from '../entities/contract.js';
import { dealSchema } from '../entities/deal.js';

/** deal.won: the CRM marked a deal won; starts deal-to-project. Subject: the deal. */
export const dealWon = defineEvent({
  type: 'deal.won',
  schemaVersion: '1',
  data: z.object({
    deal: dealSchema,
    /** The signed contract, when the CRM/CLM already has it. */
    contract: contractSchema.optional(),
  }),
});
