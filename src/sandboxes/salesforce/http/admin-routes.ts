/**
 * Salesforce-specific admin routes (besides the kit's): CDC webhook subscriptions and the event log,
 * webhook delivery faults, API usage and token counters, the allowance size, forced token expiry.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { WebhookDispatcher } from '../../kit/webhooks.js';
import type { ApiAllowance } from '../allowance.js';
import type { SandboxAuth } from '../auth.js';
import type { ChangeDataCapture } from '../cdc.js';

const subscriptionSchema = z.object({
  url: z.url(),
  secret: z.string().regex(/^whsec_[A-Za-z0-9+/=]+$/).optional(),
  entities: z.array(z.string()).optional(),
});
const webhookFaultsSchema = z.object({
  duplicateRate: z.number().min(0).max(1).optional(),
  outOfOrderRate: z.number().min(0).max(1).optional(),
  maxDelayMs: z.number().int().min(1).optional(),
});

/** Registers the admin routes, guarded by `requireAdmin`. */
export function registerSalesforceAdminRoutes(
  app: FastifyInstance,
  deps: { cdc: ChangeDataCapture; webhooks: WebhookDispatcher; allowance: ApiAllowance; auth: SandboxAuth },
  requireAdmin: (request: FastifyRequest, reply: FastifyReply) => Promise<void>,
): void {
  const opts = { preHandler: requireAdmin };
  app.post('/__admin/cdc/subscriptions', opts, async (request, reply) => {
    const parsed = subscriptionSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'invalid subscription', details: parsed.error.issues });
    return reply.code(201).send(deps.cdc.subscribe(parsed.data));
  });
  app.get('/__admin/cdc/subscriptions', opts, async () => ({ subscriptions: deps.cdc.subscriptions() }));
  app.delete('/__admin/cdc/subscriptions/:id', opts, async (request, reply) =>
    deps.cdc.unsubscribe((request.params as { id: string }).id) ? reply.code(204).send() : reply.code(404).send({ error: 'unknown subscription' }),
  );
  app.get('/__admin/cdc/events', opts, async (request) => {
    const q = request.query as { sinceReplayId?: string; limit?: string };
    return deps.cdc.since(q.sinceReplayId === undefined ? -1 : Number(q.sinceReplayId), q.limit ? Number(q.limit) : undefined);
  });
  app.put('/__admin/cdc/faults', opts, async (request, reply) => {
    const parsed = webhookFaultsSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'invalid webhook faults', details: parsed.error.issues });
    deps.webhooks.setFaults(parsed.data);
    return parsed.data;
  });
  app.get('/__admin/salesforce/usage', opts, async () => ({ apiUsage: deps.allowance.usage(), tokenRequests: deps.auth.tokenRequests() }));
  app.put('/__admin/salesforce/allowance', opts, async (request, reply) => {
    const parsed = z.object({ limit: z.number().int().min(0) }).safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'body must be { limit: integer >= 0 }' });
    deps.allowance.setLimit(parsed.data.limit);
    return deps.allowance.usage();
  });
  app.post('/__admin/salesforce/expire-tokens', opts, async () => {
    deps.auth.expireAll();
    return { expired: true };
  });
}
