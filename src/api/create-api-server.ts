import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { registerHealthRoutes } from './health-routes.js';
import { buildOpenApiDocument } from './openapi.js';
import { registerWebhookRoute, type WebhookRouteDeps } from './webhooks/webhook-route.js';

/** What the HTTP API needs; built once in the composition root. */
export interface ApiServerDeps extends WebhookRouteDeps {
  logger?: FastifyBaseLogger;
  version?: string;
}

/** Builds the Fastify app (not listening yet): webhooks, health, readiness, OpenAPI and a small metrics text. */
export async function createApiServer(deps: ApiServerDeps): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({ ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }), bodyLimit: 5 * 1024 * 1024 });
  await registerWebhookRoute(app, deps);
  registerHealthRoutes(app, deps);
  const openapi = buildOpenApiDocument({ version: deps.version ?? '0.0.0' });
  app.get('/openapi.json', async () => openapi);
  app.get('/metrics', async (_request, reply) => {
    const lines = ['# TYPE throughline_webhooks_total counter'];
    for (const [connection, stats] of Object.entries(deps.stats?.snapshot() ?? {})) {
      for (const [outcome, value] of Object.entries(stats)) lines.push(`throughline_webhooks_total{connection="${connection}",outcome="${outcome}"} ${value}`);
    }
    return reply.type('text/plain; version=0.0.4').send(`${lines.join('\n')}\n`);
  });
  return app;
}
