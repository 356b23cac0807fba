import type { Clock } from '../../runtime/clock.js';
import { NonRetryableError } from '../../runtime/errors.js';
import type { AccessToken } from '../http/token-cache.js';
import type { VendorHttp } from '../http/vendor-http.js';
import { tokenResponseSchema } from './schemas.js';

/** The connected app's credentials and where its tokens come from. */
export interface SalesforceCredentials {
  clientId: string;
  clientSecret: string;
  tokenUrl: string;
  /** How long a session is trusted (Salesforce answers no `expires_in`). */
  sessionLifetimeMs: number;
}

/**
 * OAuth 2.0 client credentials flow: one token request, the session trusted for the configured lifetime.
 * Vendor doc: https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_client_credentials_flow.htm
 */
export async function fetchAccessToken(http: VendorHttp, credentials: SalesforceCredentials, clock: Clock): Promise<AccessToken> {
  const response = await http.send({
    method: 'POST',
    path: credentials.tokenUrl,
    anonymous: true,
    form: { grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret },
  });
  const parsed = tokenResponseSchema.safeParse(response.body);
  if (!parsed.success) throw new NonRetryableError(`${http.connection}: token response without access_token`, { kind: 'auth', connection: http.connection });
  return { value: parsed.data.access_token, expiresAt: new Date(clock.now().getTime() + credentials.sessionLifetimeMs) };
}
