/**
 * `POST /services/oauth2/token` (form-encoded; client_credentials). The sandbox is its own login
 * host, so the login URL and the instance URL are the same base URL.
 * https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_endpoints.htm
 */
import type { FastifyInstance } from 'fastify';
import type { SandboxAuth } from '../auth.js';

/** Registers the token endpoint; `instanceUrl()` is the sandbox base URL once listening. */
export function registerOAuthRoutes(app: FastifyInstance, auth: SandboxAuth, instanceUrl: () => string): void {
  app.post('/services/oauth2/token', async (request, reply) => {
    const raw = request.body;
    const form = raw && typeof raw === 'object' ? (raw as Record<string, string>) : Object.fromEntries(new URLSearchParams(String(raw ?? '')));
    const query = (request.query ?? {}) as Record<string, string>;
    const result = auth.issueToken({ ...query, ...form }, request.headers.authorization, instanceUrl());
    if (result.status === 200) {
      const clientId = auth.clients().find((c) => c.clientId === (form.client_id ?? query.client_id))?.clientId;
      if (clientId) request.sandboxClientId = clientId;
    }
    return reply.code(result.status).send(result.body);
  });
}
