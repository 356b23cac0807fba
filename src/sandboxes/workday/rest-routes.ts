/**
 * Workday REST (Staffing) workers: `GET /ccx/api/v1/{tenant}/workers` with limit (<= 100), offset,
 * search and includeTerminatedWorkers, and `GET .../workers/{id}`.
 * Ref: Workday REST API, Staffing v1 `/workers` and `/workers/{ID}`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkBearer } from './bearer-auth.js';
import { referenceWid } from './reference-wid.js';
import type { WorkdayCredentials, WorkdayTokenService } from './token-service.js';
import type { WorkerStore, WorkerView } from './worker-store.js';

const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 20;

/** Registers the REST workers resource. */
export function registerWorkdayRestRoutes(
  app: FastifyInstance,
  deps: { credentials: WorkdayCredentials; tokens: WorkdayTokenService; store: WorkerStore },
): void {
  const { credentials, tokens, store } = deps;

  const guard = (request: FastifyRequest<{ Params: { tenant: string } }>, reply: FastifyReply) => {
    if (request.params.tenant !== credentials.tenant) return reply.code(404).send({ error: 'invalid tenant' });
    const auth = checkBearer(request, tokens, credentials.clientId);
    if (auth !== 'valid') {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer error="invalid_token"')
        .send({ error: 'invalid_token', error_description: auth === 'expired' ? 'The access token expired' : 'Invalid access token' });
    }
    return undefined;
  };

  app.get<{ Params: { tenant: string }; Querystring: Record<string, string | undefined> }>(
    '/ccx/api/v1/:tenant/workers',
    async (request, reply) => {
      const denied = guard(request, reply);
      if (denied) return denied;
      const query = request.query;
      const limit = query.limit === undefined ? DEFAULT_LIMIT : Number(query.limit);
      const offset = query.offset === undefined ? 0 : Number(query.offset);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
        return reply.code(400).send(invalid('limit', `limit must be an integer from 1 to ${MAX_LIMIT}`));
      }
      if (!Number.isInteger(offset) || offset < 0) return reply.code(400).send(invalid('offset', 'offset must be a non-negative integer'));
      const includeTerminated = query.includeTerminatedWorkers === 'true';
      const search = query.search?.trim().toLowerCase();
      const workers = store
        .all()
        .map((record) => store.current(record))
        .filter((w): w is WorkerView => w !== undefined)
        .filter((w) => includeTerminated || !w.terminated)
        .filter((w) => !search || matches(w, search));
      const base = `${request.protocol}://${request.host}/ccx/api/v1/${credentials.tenant}`;
      return {
        total: workers.length,
        data: workers.slice(offset, offset + limit).map((w) => summary(w, base)),
      };
    },
  );

  app.get<{ Params: { tenant: string; id: string } }>('/ccx/api/v1/:tenant/workers/:id', async (request, reply) => {
    const denied = guard(request, reply);
    if (denied) return denied;
    const record = store.find(request.params.id);
    const worker = record && store.current(record);
    if (!worker) return reply.code(404).send({ error: 'Resource not found', errors: [{ error: `invalid ID ${request.params.id}` }] });
    return summary(worker, `${request.protocol}://${request.host}/ccx/api/v1/${credentials.tenant}`);
  });
}

function matches(worker: WorkerView, search: string): boolean {
  return [`${worker.firstName} ${worker.lastName}`, worker.employeeId, worker.email].some((s) => s.toLowerCase().includes(search));
}

function summary(worker: WorkerView, base: string) {
  const orgId = referenceWid('Supervisory', worker.supervisoryOrg.id);
  return {
    id: worker.wid,
    descriptor: `${worker.firstName} ${worker.lastName}`,
    href: `${base}/workers/${worker.wid}`,
    businessTitle: worker.businessTitle,
    primaryWorkEmail: worker.email,
    isManager: worker.isManager,
    primarySupervisoryOrganization: {
      id: orgId,
      descriptor: worker.supervisoryOrg.name,
      href: `${base}/supervisoryOrganizations/${orgId}`,
    },
  };
}

function invalid(field: string, message: string) {
  return { error: `invalid request: ${message}`, errors: [{ error: message, field }] };
}
