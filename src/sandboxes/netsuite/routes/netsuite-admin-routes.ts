import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NetSuiteError } from '../errors.js';
import { setPeriodClosed } from '../rules/accounting-periods.js';
import type { NetSuiteContext } from './netsuite-context.js';

/**
 * NetSuite-only admin routes (the kit provides the common ones): open/close accounting periods,
 * concurrency statistics and limit, reseeding reference data.
 */
export function registerNetSuiteAdminRoutes(
  app: FastifyInstance,
  context: NetSuiteContext,
  options: { requireAdmin: (request: FastifyRequest, reply: FastifyReply) => Promise<void>; reseed: () => void },
): void {
  app.register(async (admin) => {
    admin.addHook('preHandler', options.requireAdmin);
    const periodRoute = (closed: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        const period = setPeriodClosed(context.store, (request.params as { month: string }).month, closed);
        return { id: period.id, periodName: period.periodName, startDate: period.startDate, endDate: period.endDate, closed: period.closed };
      } catch (error) {
        if (error instanceof NetSuiteError) return reply.code(400).send({ error: error.message });
        throw error;
      }
    };
    admin.post('/periods/:month/close', periodRoute(true));
    admin.post('/periods/:month/open', periodRoute(false));
    admin.get('/periods', async () => ({
      periods: context.store.list('accountingPeriod').map(({ id, periodName, startDate, endDate, closed }) => ({ id, periodName, startDate, endDate, closed: closed === true })),
    }));
    admin.get('/concurrency', async () => context.pool.stats());
    admin.put('/concurrency', async (request, reply) => {
      const limit = (request.body as { limit?: unknown } | undefined)?.limit;
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) return reply.code(400).send({ error: 'body must be { limit: positive integer }' });
      context.pool.limit = limit;
      return context.pool.stats();
    });
    admin.post('/concurrency/reset', async () => {
      context.pool.resetStats();
      return context.pool.stats();
    });
    admin.post('/seed', async () => {
      options.reseed();
      return { seeded: true };
    });
  }, { prefix: '/__admin' });
}
