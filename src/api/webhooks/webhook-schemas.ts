import { z } from 'zod';

/** 200 answer to an accepted delivery, and to a redelivery of one (`redelivery: true`, all counts 0). */
export const webhookAcceptedSchema = z.object({
  redelivery: z
    .literal(true)
    .optional()
    .describe('present when this webhook-id was already taken with this same body: nothing was ingested again (the counts are 0)'),
  accepted: z.number().int().describe('events appended to the event log'),
  duplicates: z.number().int().describe('events already known (same source record and version)'),
  rejected: z.number().int().describe('events refused by validation; reasons in rejectReasons'),
  echoesDropped: z.number().int().describe("changes made by the hub itself, dropped (loop prevention)"),
  ignored: z.number().int().describe('changes not relevant to any flow'),
  rejectReasons: z.array(z.string()),
});

/** Path parameters of the webhook route. */
export const webhookParamsSchema = z.object({ connection: z.string().min(1).describe('configured connection id, e.g. salesforce') });
