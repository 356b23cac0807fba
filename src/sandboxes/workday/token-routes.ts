/**
 * `POST /ccx/oauth2/{tenant}/token`: the refresh-token grant an integration system user's API
 * client uses. Client credentials come as HTTP Basic or as form fields.
 * Ref: Workday Community, "Register API Client for Integrations" / OAuth 2.0 token endpoint.
 */
import type { FastifyInstance } from 'fastify';
import { parseBasicAuth, type WorkdayCredentials, type WorkdayTokenService } from './token-service.js';

/** Registers the token endpoint. */
export function registerWorkdayTokenRoutes(
  app: FastifyInstance,
  deps: { credentials: WorkdayCredentials; tokens: WorkdayTokenService },
): void {
  const { credentials, tokens } = deps;
  app.post<{ Params: { tenant: string } }>('/ccx/oauth2/:tenant/token', async (request, reply) => {
    if (request.params.tenant !== credentials.tenant) return reply.code(404).send({ error: 'invalid tenant' });
    const form = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, string>;
    const basic = parseBasicAuth(request.headers.authorization);
    const clientId = basic?.user ?? form['client_id'];
    const clientSecret = basic?.password ?? form['client_secret'];
    if (clientId !== credentials.clientId || clientSecret !== credentials.clientSecret) {
      return reply.code(401).send({ error: 'invalid_client', error_description: 'Invalid client credentials' });
    }
    request.sandboxClientId = clientId;
    if (form['grant_type'] !== 'refresh_token') {
      return reply.code(400).send({ error: 'unsupported_grant_type', error_description: 'Only refresh_token is supported' });
    }
    if (form['refresh_token'] !== credentials.refreshToken) {
      return reply.code(400).send({ error: 'invalid_grant', error_description: 'Invalid refresh token' });
    }
    const { accessToken, expiresIn } = tokens.issue();
    return reply.header('cache-control', 'no-store').send({
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: expiresIn,
    });
  });
}
