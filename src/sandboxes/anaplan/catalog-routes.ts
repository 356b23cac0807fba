/**
 * Integration API v2 listings: workspaces, models, modules, files, imports, exports, processes and
 * actions, with `limit`/`offset` paging in `meta.paging`.
 * Ref: Anaplan Integration API v2, "Workspaces", "Models", "Files", "Imports", "Exports",
 * "Processes", "Actions".
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { anaplanOk, pageOf, sendAnaplanError } from './anaplan-responses.js';
import type { AnaplanStore } from './anaplan-store.js';
import type { AnaplanCatalog } from './model-catalog.js';

type ModelParams = { ws: string; model: string };
type ListQuery = { limit?: string; offset?: string };

/** Resolves `:ws`/`:model` or answers 404; returns true when the reply was sent. */
export function modelNotFound(catalog: AnaplanCatalog, request: FastifyRequest, reply: FastifyReply): boolean {
  const { ws, model } = request.params as Partial<ModelParams>;
  if (ws !== undefined && ws !== catalog.workspace.id) {
    sendAnaplanError(reply, 404, `Workspace ${ws} not found`);
    return true;
  }
  if (model !== undefined && model !== catalog.model.id) {
    sendAnaplanError(reply, 404, `Model ${model} not found`);
    return true;
  }
  return false;
}

/** Registers the list endpoints under the `/2/0` scope. */
export function registerAnaplanCatalogRoutes(api: FastifyInstance, deps: { catalog: AnaplanCatalog; store: AnaplanStore }): void {
  const { catalog, store } = deps;

  const list = <T>(path: string, key: string, schema: string, items: () => T[]) =>
    api.get<{ Params: ModelParams; Querystring: ListQuery }>(path, async (request, reply) => {
      if (modelNotFound(catalog, request, reply)) return reply;
      const page = pageOf(items(), request.query, request.url);
      if ('error' in page) return sendAnaplanError(reply, 400, page.error);
      return anaplanOk(schema, { [key]: page.items }, page.paging);
    });

  const fileMeta = () => {
    const upload = store.upload(catalog.file.id);
    return { ...catalog.file, chunkCount: upload ? Math.max(upload.chunkCount, Object.keys(upload.chunks).length) : 0 };
  };

  // Ref: Anaplan Integration API v2, "Users" (`GET /users/me`), what clients call to check a connection.
  api.get('/users/me', async (request) => {
    const email = request.sandboxClientId ?? '';
    const id = createHash('md5').update(email).digest('hex');
    return anaplanOk('user', { user: { id, active: true, email, emailOptIn: false, firstName: 'Integration', lastName: 'User' } });
  });

  list('/workspaces', 'workspaces', 'workspace', () => [catalog.workspace]);
  list('/models', 'models', 'model', () => [catalog.model]);
  list('/workspaces/:ws/models', 'models', 'model', () => [catalog.model]);
  list('/workspaces/:ws/models/:model/modules', 'modules', 'module', () => [{ id: catalog.module.id, name: catalog.module.name }]);
  list('/workspaces/:ws/models/:model/lineItems', 'items', 'lineItem', () =>
    catalog.module.lineItems.map((li) => ({ moduleId: catalog.module.id, moduleName: catalog.module.name, id: li.id, name: li.name })),
  );
  list('/workspaces/:ws/models/:model/files', 'files', 'file', () => [fileMeta()]);
  list('/workspaces/:ws/models/:model/imports', 'imports', 'import', () => [catalog.actualsImport]);
  list('/workspaces/:ws/models/:model/exports', 'exports', 'export', () => []);
  list('/workspaces/:ws/models/:model/processes', 'processes', 'process', () => []);
  list('/workspaces/:ws/models/:model/actions', 'actions', 'action', () => []);

  api.get<{ Params: ModelParams }>('/workspaces/:ws', async (request, reply) =>
    modelNotFound(catalog, request, reply) ? reply : anaplanOk('workspace', { workspace: catalog.workspace }),
  );
  api.get<{ Params: ModelParams }>('/workspaces/:ws/models/:model', async (request, reply) =>
    modelNotFound(catalog, request, reply) ? reply : anaplanOk('model', { model: catalog.model }),
  );
  api.get<{ Params: ModelParams & { id: string } }>('/workspaces/:ws/models/:model/imports/:id', async (request, reply) => {
    if (modelNotFound(catalog, request, reply)) return reply;
    if (request.params.id !== catalog.actualsImport.id) return sendAnaplanError(reply, 404, `Import ${request.params.id} not found`);
    return anaplanOk('importMetadata', {
      importMetadata: {
        name: catalog.actualsImport.name,
        type: 'FILE',
        source: { ...catalog.file, textEncoding: 'UTF-8', columnSeparator: ',', textDelimiter: '"', headerRow: 1, firstDataRow: 2 },
        columnCount: 3 + Object.keys(catalog.mapping.lineItems).length,
        headerNames: [catalog.mapping.project, catalog.mapping.month, catalog.mapping.currency, ...Object.values(catalog.mapping.lineItems)],
      },
    });
  });
}
