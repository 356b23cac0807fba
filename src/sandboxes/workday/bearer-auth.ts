/** Bearer token check shared by the REST and SOAP endpoints (honours the kit's token-expiry fault). */
import type { FastifyRequest } from 'fastify';
import { parseBearer, type WorkdayTokenService } from './token-service.js';

/** Outcome of checking a request's bearer token. */
export type BearerCheck = 'valid' | 'expired' | 'unknown' | 'missing';

/** Checks `Authorization: Bearer` against the issued tokens; marks the client in the request log. */
export function checkBearer(request: FastifyRequest, tokens: WorkdayTokenService, clientId: string): BearerCheck {
  const token = parseBearer(request.headers.authorization);
  if (!token) return 'missing';
  const status = tokens.check(token);
  if (status === 'valid' && request.sandboxFault?.tokenExpiry) return 'expired';
  if (status === 'valid') request.sandboxClientId = clientId;
  return status;
}
