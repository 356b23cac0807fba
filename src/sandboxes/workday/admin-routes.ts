/**
 * Workday-specific admin API, so the firm simulator and tests can drive HR: hire (one or many),
 * job change, compensation change, termination, and read workers as of a date.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { WorkerStoreError, type WorkerStore, type WorkerView } from './worker-store.js';

/** Registers `/__admin/workers...`; `requireAdmin` is the kit's admin-key check. */
export function registerWorkdayAdminRoutes(
  app: FastifyInstance,
  deps: { store: WorkerStore; requireAdmin: (request: FastifyRequest, reply: FastifyReply) => Promise<void> },
): void {
  const { store } = deps;
  app.register(
    async (admin) => {
      admin.addHook('preHandler', deps.requireAdmin);

      admin.get('/', async () => ({ workers: store.all().map((r) => store.current(r)).filter(Boolean) }));

      admin.get<{ Params: { id: string } }>('/:id', async (request, reply) => {
        const record = store.find(request.params.id);
        if (!record) return reply.code(404).send({ error: `no worker with id ${request.params.id}` });
        return { worker: store.current(record), transactions: record.transactions };
      });

      admin.post('/', async (request, reply) =>
        attempt(reply, () => {
          const body = request.body;
          if (Array.isArray(body)) return reply.code(201).send(hireMany(store, body));
          return reply.code(201).send(trim(store.hire(body)));
        }),
      );

      const change = (path: string, act: (id: string, body: unknown) => WorkerView) =>
        admin.post<{ Params: { id: string } }>(`/:id/${path}`, async (request, reply) =>
          attempt(reply, () => reply.code(201).send(trim(act(request.params.id, request.body)))),
        );
      change('job-change', (id, body) => store.changeJob(id, body));
      change('compensation-change', (id, body) => store.changeCompensation(id, body));
      change('termination', (id, body) => store.terminate(id, body));
    },
    { prefix: '/__admin/workers' },
  );
}

async function attempt(reply: FastifyReply, act: () => unknown) {
  try {
    return await act();
  } catch (error) {
    if (error instanceof ZodError) return reply.code(400).send({ error: 'invalid input', issues: error.issues });
    if (error instanceof WorkerStoreError) return reply.code(error.status).send({ error: error.message });
    throw error;
  }
}

/** Hires each input; a rejected one is reported with its reason and does not block the others. */
function hireMany(store: WorkerStore, inputs: unknown[]) {
  const workers: ReturnType<typeof trim>[] = [];
  const rejected: { index: number; error: string }[] = [];
  inputs.forEach((input, index) => {
    try {
      workers.push(trim(store.hire(input)));
    } catch (error) {
      if (error instanceof ZodError) rejected.push({ index, error: error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
      else if (error instanceof WorkerStoreError) rejected.push({ index, error: error.message });
      else throw error;
    }
  });
  return { workers, rejected };
}

/** The view without its transaction list (returned by write routes). */
function trim(view: WorkerView) {
  const { transactions: _transactions, ...worker } = view;
  return worker;
}
