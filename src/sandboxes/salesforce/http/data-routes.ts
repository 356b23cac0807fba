/**
 * The REST surface over HTTP: `GET /services/data/` (versions) and everything below
 * `/services/data/vXX.X/`: bearer auth, the daily allowance, `Sforce-Limit-Info` on every response,
 * then the shared REST router.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_versions.htm
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ApiAllowance } from '../allowance.js';
import type { SandboxAuth } from '../auth.js';
import { SalesforceApiError, sfError } from '../errors.js';
import { handleRestCall } from '../rest/router.js';
import type { RestDeps } from '../rest/types.js';

/** Versions the sandbox answers (any vXX.0 in this range is accepted). */
export const supportedVersions = { min: 55, max: 62 } as const;

const sendError = (reply: FastifyReply, error: SalesforceApiError) => reply.code(error.status).send(error.toBody());

/** Registers the data routes on `app`. */
export function registerDataRoutes(app: FastifyInstance, deps: RestDeps & { auth: SandboxAuth; allowance: ApiAllowance }): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/services/data/v')) reply.header('Sforce-Limit-Info', deps.allowance.header());
    return payload;
  });

  const versions = async () => {
    const list = [];
    for (let v = supportedVersions.min; v <= supportedVersions.max; v += 1) {
      list.push({ label: `v${v}.0`, url: `/services/data/v${v}.0`, version: `${v}.0` });
    }
    return list;
  };
  app.get('/services/data', versions);
  app.get('/services/data/', versions);

  app.get('/services/data/:version', async (request, reply) => reply.redirect(`/services/data/${(request.params as { version: string }).version}/`, 301));
  app.route({
    method: ['GET', 'POST', 'PATCH', 'DELETE', 'PUT'],
    url: '/services/data/:version/*',
    handler: async (request, reply) => {
      const params = request.params as { version: string; '*': string };
      const match = /^v(\d+)\.0$/.exec(params.version);
      const major = match ? Number(match[1]) : 0;
      if (major < supportedVersions.min || major > supportedVersions.max) {
        return sendError(reply, sfError(404, 'NOT_FOUND', 'The requested resource does not exist'));
      }
      let client;
      try {
        if (request.sandboxFault?.tokenExpiry) throw sfError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
        client = deps.auth.authenticate(request.headers.authorization);
      } catch (error) {
        if (error instanceof SalesforceApiError) return sendError(reply, error);
        throw error;
      }
      request.sandboxClientId = client.clientId;
      if (!deps.allowance.consume()) {
        return sendError(reply, sfError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'));
      }
      const query = Object.fromEntries(Object.entries((request.query ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(Array.isArray(v) ? v.join(',') : v)]));
      // Clients that cannot send PATCH use POST with `?_HttpMethod=PATCH`, which Salesforce honours.
      const override = request.method === 'POST' ? query._HttpMethod?.toUpperCase() : undefined;
      delete query._HttpMethod;
      const response = handleRestCall(
        {
          method: override === 'PATCH' || override === 'DELETE' ? override : request.method,
          segments: params['*'].split('/').filter(Boolean).map(decodeURIComponent),
          query,
          body: request.body,
          headers: request.headers as Record<string, string | undefined>,
        },
        { clientId: client.clientId, userId: client.userId, version: `${major}.0` },
        deps,
      );
      reply.code(response.status).headers(response.headers ?? {});
      return response.body === undefined ? reply.send() : reply.send(response.body);
    },
  });
}
