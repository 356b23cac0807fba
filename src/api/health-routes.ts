import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { ThroughlineDatabase } from '../persistence/database.js';
import { pendingMigrations } from '../persistence/migrator.js';

/** `/healthz` (the process answers) and `/readyz` (the store answers and its schema is current). */
export function registerHealthRoutes(app: FastifyInstance, deps: { store: Pick<ThroughlineDatabase, 'db'> }): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await sql`select 1`.execute(deps.store.db);
    } catch (error) {
      return reply.code(503).send({ status: 'unavailable', reason: `store unreachable: ${error instanceof Error ? error.message : String(error)}` });
    }
    const pending = await pendingMigrations(deps.store.db);
    if (pending.length > 0) return reply.code(503).send({ status: 'unavailable', reason: `pending migrations: ${pending.join(', ')}` });
    return { status: 'ready' };
  });
}
