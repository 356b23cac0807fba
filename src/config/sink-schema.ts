import { z } from 'zod';
import { eventDefinitions } from '../canonical/events/index.js';
import { absoluteUrlSchema, envVarNameSchema, slugSchema } from './primitives.js';

const knownEventTypes: ReadonlySet<string> = new Set(Object.values(eventDefinitions).map((definition) => definition.type));

/**
 * A signed webhook sink: the outbox relay POSTs each event (the canonical envelope as JSON) to `url`,
 * signed as Standard Webhooks do (`webhook-id` = `msg_<outbox message id>`, which subscribers dedupe
 * on: delivery is at-least-once, in order per event subject).
 */
export const webhookSinkSchema = z.strictObject({
  name: slugSchema.describe('Unique slug naming this sink (outbox delivery rows, logs)'),
  type: z.literal('webhook').describe('How events are delivered; webhook: HTTP POST signed with Standard Webhooks'),
  url: absoluteUrlSchema.describe('Absolute http(s) URL the events are POSTed to'),
  secretEnv: envVarNameSchema.describe('Environment variable holding the whsec_ secret that signs the deliveries'),
  events: z
    .array(z.string().refine((type) => knownEventTypes.has(type), { error: (issue) => `is not a canonical event type: ${String(issue.input)}` }))
    .min(1)
    .optional()
    .describe('Canonical event types delivered to this sink (e.g. time.posted); default every event'),
  timeoutMs: z.int().min(1).max(300_000).optional().describe('Request timeout of one delivery in ms (default 10,000)'),
});

/** Where the outbox relay publishes events; one entry per subscriber. */
export const sinkSchema = z.discriminatedUnion('type', [webhookSinkSchema]);
export type SinkConfig = z.infer<typeof sinkSchema>;
