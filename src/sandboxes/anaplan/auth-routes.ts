/**
 * Anaplan authentication service (in production a separate host, auth.anaplan.com; here served under
 * the same base URL): `POST /token/authenticate` (Basic), `POST /token/refresh`,
 * `GET /token/validate`, `POST /token/logout`.
 * Ref: Anaplan Authentication Service API, "Authentication with Basic" and "Refresh a token".
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseAnaplanAuthToken, type AnaplanTokenService } from './anaplan-tokens.js';

/** The sandbox user accounts (user -> password). */
export interface AnaplanUsers {
  [user: string]: string;
}

/** Registers the auth service routes. */
export function registerAnaplanAuthRoutes(app: FastifyInstance, deps: { tokens: AnaplanTokenService; users: AnaplanUsers }): void {
  const { tokens, users } = deps;
  const failure = (reply: FastifyReply, status: string, message: string) =>
    reply.code(401).send({ status, statusMessage: message });

  app.post('/token/authenticate', async (request, reply) => {
    const match = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    const decoded = match ? Buffer.from(match[1]!, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const user = colon >= 0 ? decoded.slice(0, colon) : '';
    const password = colon >= 0 ? decoded.slice(colon + 1) : undefined;
    if (!match || users[user] === undefined || users[user] !== password) {
      return failure(reply, 'FAILURE_BAD_CREDENTIAL', 'Login failed: bad credentials');
    }
    request.sandboxClientId = user;
    return reply.code(201).send({
      meta: { validationUrl: '/token/validate' },
      status: 'SUCCESS',
      statusMessage: 'Login successful',
      tokenInfo: tokens.mint(user),
    });
  });

  const current = (request: FastifyRequest) => {
    const value = parseAnaplanAuthToken(request.headers.authorization);
    const checked = value === undefined ? 'unknown' : tokens.check(value);
    if (typeof checked !== 'string') request.sandboxClientId = checked.user;
    return { value, checked };
  };

  app.post('/token/refresh', async (request, reply) => {
    const { value, checked } = current(request);
    if (typeof checked === 'string') return failure(reply, 'FAILURE_BAD_TOKEN', `Token ${checked}`);
    tokens.revoke(value!);
    return reply.code(201).send({ meta: { validationUrl: '/token/validate' }, status: 'SUCCESS', statusMessage: 'Token refreshed', tokenInfo: tokens.mint(checked.user) });
  });

  app.get('/token/validate', async (request, reply) => {
    const { checked } = current(request);
    if (typeof checked === 'string') return failure(reply, 'FAILURE_BAD_TOKEN', `Token ${checked}`);
    return { status: 'SUCCESS', statusMessage: 'Token validated', tokenInfo: checked.info, userId: checked.user };
  });

  app.post('/token/logout', async (request, reply) => {
    const { value } = current(request);
    if (value) tokens.revoke(value);
    return reply.code(204).send();
  });
}
