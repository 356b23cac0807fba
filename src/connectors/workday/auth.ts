import type { Clock } from '../../runtime/clock.js';
import { NonRetryableError } from '../../runtime/errors.js';
import type { AccessToken } from '../http/token-cache.js';
import type { VendorHttp } from '../http/vendor-http.js';
import { workdayTokenResponseSchema } from './schemas.js';

/** Client id, secret and refresh token of an integration system user's API client. */
export interface WorkdayRefreshGrant {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

/**
 * Exchanges the long-lived refresh token for an access token (refresh-token grant; the client
 * authenticates with HTTP Basic).
 * Vendor doc: Workday Community, "Register API Client for Integrations" — `POST /ccx/oauth2/{tenant}/token`.
 */
export async function fetchWorkdayAccessToken(http: VendorHttp, grant: WorkdayRefreshGrant, clock: Clock): Promise<AccessToken> {
  const basic = Buffer.from(`${grant.clientId}:${grant.clientSecret}`).toString('base64');
  const response = await http.send({
    method: 'POST',
    path: grant.tokenUrl,
    anonymous: true,
    headers: { authorization: `Basic ${basic}` },
    form: { grant_type: 'refresh_token', refresh_token: grant.refreshToken },
  });
  const parsed = workdayTokenResponseSchema.safeParse(response.body);
  if (!parsed.success) {
    throw new NonRetryableError(`${http.connection}: unexpected token response: ${parsed.error.message}`, { kind: 'auth', connection: http.connection });
  }
  return { value: parsed.data.access_token, expiresAt: new Date(clock.now().getTime() + parsed.data.expires_in * 1000) };
}
