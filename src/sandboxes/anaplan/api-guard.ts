/**
 * The checks in front of every Integration API v2 call: `AnaplanAuthToken` authentication (401 when
 * missing, unknown or expired) and the sliding-window request limit (429).
 */
import type { FastifyInstance } from 'fastify';
import { sendAnaplanError } from './anaplan-responses.js';
import { parseAnaplanAuthToken, type AnaplanTokenService } from './anaplan-tokens.js';
import type { RateLimiter } from './rate-limiter.js';

/** Adds the auth and rate-limit hooks to an encapsulated API scope. */
export function guardAnaplanApi(api: FastifyInstance, deps: { tokens: AnaplanTokenService; limiter: RateLimiter }): void {
  api.addHook('onRequest', async (request, reply) => {
    const value = parseAnaplanAuthToken(request.headers.authorization);
    const checked = value === undefined ? 'unknown' : deps.tokens.check(value);
    if (typeof checked === 'string' || request.sandboxFault?.tokenExpiry) {
      return sendAnaplanError(reply, 401, checked === 'expired' || request.sandboxFault?.tokenExpiry ? 'Token expired' : 'Not authenticated');
    }
    request.sandboxClientId = checked.user;
    if (!deps.limiter.admit()) return sendAnaplanError(reply, 429, 'Too Many Requests');
  });
}
