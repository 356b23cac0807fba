import type { FastifyInstance } from 'fastify';
import type { NetSuiteContext } from './netsuite-context.js';
import { baseUrlOf } from './request-helpers.js';

/**
 * `POST /services/rest/auth/oauth2/v1/token` (form: grant_type=client_credentials,
 * client_assertion_type=...jwt-bearer, client_assertion=<JWT>) -> `{ access_token, expires_in, token_type }`.
 * Vendor doc: NetSuite Help "OAuth 2.0 Client Credentials (M2M) Setup" / "Token Endpoint".
 */
export function registerTokenRoute(app: FastifyInstance, context: NetSuiteContext): void {
  app.post('/auth/oauth2/v1/token', async (request) => {
    const tokenUrl = `${baseUrlOf(request)}/services/rest/auth/oauth2/v1/token`;
    const { clientId, ...token } = await context.issuer.exchange((request.body ?? {}) as Record<string, unknown>, tokenUrl);
    request.sandboxClientId = clientId;
    return token;
  });
}
