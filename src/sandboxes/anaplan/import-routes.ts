/**
 * Integration API v2 import tasks: `POST /imports/{id}/tasks { localeName }` starts an import (409
 * while another runs on the model), `GET .../tasks[/{taskId}]` polls it, `DELETE .../tasks/{taskId}`
 * cancels, `GET .../tasks/{taskId}/dump/chunks[/{n}]` serves the failure dump as CSV.
 * Ref: Anaplan Integration API v2, "Run an import", "Monitor an import task", "Get import dump".
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxClock } from '../kit/clock.js';
import { anaplanOk, sendAnaplanError } from './anaplan-responses.js';
import type { AnaplanStore } from './anaplan-store.js';
import { modelNotFound } from './catalog-routes.js';
import { failureDumpChunks, taskBody, taskStateAt, type ImportTask, type ImportTiming } from './import-tasks.js';
import type { AnaplanCatalog } from './model-catalog.js';

type ImportParams = { ws: string; model: string; id: string; taskId?: string; n?: string };
const TASKS = '/workspaces/:ws/models/:model/imports/:id/tasks';

/** Registers the import task routes under the `/2/0` scope. */
export function registerAnaplanImportRoutes(
  api: FastifyInstance,
  deps: { catalog: AnaplanCatalog; store: AnaplanStore; clock: SandboxClock; timing: () => ImportTiming },
): void {
  const { catalog, store, clock } = deps;
  const moduleName = catalog.module.name;
  const now = () => clock.now().getTime();

  /** Resolves the import (and task when given) or answers 404. */
  const resolve = (request: FastifyRequest<{ Params: ImportParams }>, reply: FastifyReply): { task?: ImportTask } | undefined => {
    if (modelNotFound(catalog, request, reply)) return undefined;
    if (request.params.id !== catalog.actualsImport.id) {
      sendAnaplanError(reply, 404, `Import ${request.params.id} not found`);
      return undefined;
    }
    if (request.params.taskId === undefined) return {};
    const task = store.task(request.params.taskId);
    if (!task || task.importId !== request.params.id) {
      sendAnaplanError(reply, 404, `Task ${request.params.taskId} not found`);
      return undefined;
    }
    return { task };
  };

  api.post<{ Params: ImportParams; Body: { localeName?: unknown } }>(TASKS, async (request, reply) => {
    if (!resolve(request, reply)) return reply;
    const localeName = request.body?.localeName;
    if (typeof localeName !== 'string' || localeName === '') return sendAnaplanError(reply, 400, 'localeName is required');
    const started = store.startImport(request.params.id, localeName, deps.timing());
    if ('status' in started) return sendAnaplanError(reply, started.status, started.message);
    const { taskState } = taskStateAt(started, now());
    return anaplanOk('task', { task: { taskId: started.taskId, taskState, creationTime: started.creationTime } });
  });

  api.get<{ Params: ImportParams }>(TASKS, async (request, reply) => {
    if (!resolve(request, reply)) return reply;
    const tasks = store.tasks(request.params.id).map((t) => ({ taskId: t.taskId, taskState: taskStateAt(t, now()).taskState, creationTime: t.creationTime }));
    return anaplanOk('task', { tasks });
  });

  api.get<{ Params: ImportParams }>(`${TASKS}/:taskId`, async (request, reply) => {
    const found = resolve(request, reply);
    if (!found?.task) return reply;
    return anaplanOk('task', { task: taskBody(found.task, now(), moduleName) });
  });

  api.delete<{ Params: ImportParams }>(`${TASKS}/:taskId`, async (request, reply) => {
    const found = resolve(request, reply);
    if (!found?.task) return reply;
    const task = store.cancel(found.task.taskId)!;
    return anaplanOk('task', { task: taskBody(task, now(), moduleName) });
  });

  const dumpOf = (task: ImportTask, reply: FastifyReply): string[] | undefined => {
    const complete = taskStateAt(task, now()).taskState === 'COMPLETE';
    const chunks = complete && !task.read.fatal ? failureDumpChunks(task) : [];
    if (chunks.length === 0) {
      sendAnaplanError(reply, 404, 'No failure dump is available for this task');
      return undefined;
    }
    return chunks;
  };

  api.get<{ Params: ImportParams }>(`${TASKS}/:taskId/dump/chunks`, async (request, reply) => {
    const found = resolve(request, reply);
    if (!found?.task) return reply;
    const chunks = dumpOf(found.task, reply);
    if (!chunks) return reply;
    // One page, with meta.paging as the documented chunk lists carry ("Get the list of process dump file chunks").
    return anaplanOk('chunk', { chunks: chunks.map((_, i) => ({ id: String(i), name: `Chunk ${i}` })) }, { currentPageSize: chunks.length, offset: 0, totalSize: chunks.length });
  });

  api.get<{ Params: ImportParams }>(`${TASKS}/:taskId/dump/chunks/:n`, async (request, reply) => {
    const found = resolve(request, reply);
    if (!found?.task) return reply;
    const chunks = dumpOf(found.task, reply);
    if (!chunks) return reply;
    const chunk = chunks[Number(request.params.n)];
    if (chunk === undefined) return sendAnaplanError(reply, 404, `Chunk ${request.params.n} not found`);
    return reply.type('text/csv; charset=utf-8').send(chunk);
  });
}
