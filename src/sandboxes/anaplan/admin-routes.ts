/**
 * Anaplan-specific admin API: read the Actuals module's cells (filterable), see the model's
 * definition, mapping and Project list, and change import timing or the request limit at runtime.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AnaplanStore } from './anaplan-store.js';
import type { ImportTiming } from './import-tasks.js';
import type { AnaplanCatalog } from './model-catalog.js';
import type { RateLimiter } from './rate-limiter.js';

const settingsSchema = z.object({
  importTiming: z
    .object({ queuedMs: z.number().int().min(0), runMs: z.number().int().min(0), progressSteps: z.number().int().min(1) })
    .partial()
    .optional(),
  rateLimit: z.object({ requests: z.number().int().min(1), windowMs: z.number().int().min(1) }).partial().optional(),
});

/** Registers `/__admin/cells`, `/__admin/model` and `/__admin/settings`. */
export function registerAnaplanAdminRoutes(
  app: FastifyInstance,
  deps: {
    catalog: AnaplanCatalog;
    store: AnaplanStore;
    limiter: RateLimiter;
    timing: { get(): ImportTiming; set(t: ImportTiming): void };
    requireAdmin: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  },
): void {
  const { catalog, store, limiter, timing } = deps;
  const settings = () => ({ importTiming: timing.get(), rateLimit: limiter.current() });
  app.register(
    async (admin) => {
      admin.addHook('preHandler', deps.requireAdmin);
      admin.get<{ Querystring: Record<string, string | undefined> }>('/cells', async (request) => {
        store.settle();
        const q = request.query;
        const cells = store
          .cells()
          .filter((c) => (!q.project || c.project === q.project) && (!q.month || c.month === q.month))
          .filter((c) => (!q.lineItem || c.lineItem === q.lineItem) && (!q.currency || c.currency === q.currency));
        return { module: catalog.module.name, cells };
      });
      admin.get('/model', async () => ({
        workspace: catalog.workspace,
        model: catalog.model,
        module: catalog.module,
        file: catalog.file,
        import: catalog.actualsImport,
        mapping: catalog.mapping,
        rules: { ...catalog.rules, projectPattern: catalog.rules.projectPattern.source },
        projects: store.projects(),
        settings: settings(),
      }));
      admin.get('/settings', async () => settings());
      admin.put('/settings', async (request, reply) => {
        const parsed = settingsSchema.safeParse(request.body ?? {});
        if (!parsed.success) return reply.code(400).send({ error: 'invalid settings', issues: parsed.error.issues });
        if (parsed.data.importTiming) timing.set({ ...timing.get(), ...parsed.data.importTiming });
        if (parsed.data.rateLimit) limiter.configure({ ...limiter.current(), ...parsed.data.rateLimit });
        return settings();
      });
    },
    { prefix: '/__admin' },
  );
}
