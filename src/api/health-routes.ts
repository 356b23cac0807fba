import type { FastifyInstance } from 'fastify';
import { storeReadiness, type StoreHandle } from '../runtime/health/store-readiness.js';

/** `/healthz` (the process answers) and `/readyz` (the store answers and its schema is current). */
export function registerHealthRoutes(app: FastifyInstance, deps: { store: StoreHandle }): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const readiness = await storeReadiness(deps.store);
    if (!readiness.ready) return reply.code(503).send({ status: 'unavailable', reason: readiness.reason });
    return { status: 'ready' };
  });
}
