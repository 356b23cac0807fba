import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { MetricsRegistry } from '../observability/metrics.js';
import type { Governor } from '../runtime/governor/create-governor.js';
import type { StoreHandle } from '../runtime/health/store-readiness.js';
import { registerHealthRoutes } from './health-routes.js';
import { createHubMetrics } from './hub-metrics.js';
import { registerProblemHandlers } from './problem.js';
import { buildOpenApiDocument } from './openapi.js';
import { registerWebhookRoute, type WebhookRouteDeps } from './webhooks/webhook-route.js';

/** What the HTTP API needs; built once in the composition root. */
export interface ApiServerDeps extends WebhookRouteDeps {
  /** The store, handed to the readiness check and the metrics (the API itself writes no SQL). */
  store: StoreHandle;
  logger?: FastifyBaseLogger;
  version?: string;
  /** The hub's governor, for the governor metrics on `/metrics` (none without it). */
  governor?: Pick<Governor, 'snapshot'> | undefined;
  /** The registry `/metrics` serves; default a new one with the hub's metrics (see {@link createHubMetrics}). */
  metrics?: MetricsRegistry | undefined;
}

/** Builds the Fastify app (not listening yet): webhooks, health, readiness, OpenAPI and Prometheus metrics. */
export async function createApiServer(deps: ApiServerDeps): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({ ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }), bodyLimit: 5 * 1024 * 1024 });
  registerProblemHandlers(app); // every error answer is RFC 9457 problem+json
  await registerWebhookRoute(app, deps);
  registerHealthRoutes(app, deps);
  const openapi = buildOpenApiDocument({ version: deps.version ?? '0.0.0' });
  app.get('/openapi.json', async () => openapi);
  const metrics = deps.metrics ?? createHubMetrics(deps);
  app.get('/metrics', async (_request, reply) => reply.type(metrics.contentType).send(await metrics.metrics()));
  return app;
}
