import type { Clock } from '../../runtime/clock.js';
import { NonRetryableError } from '../../runtime/errors.js';
import type { AccessToken } from '../http/token-cache.js';
import type { VendorHttp } from '../http/vendor-http.js';
import { tokenResponseSchema } from './schemas.js';

/** Anaplan's `Authorization` header value for a token. */
export function anaplanAuthorization(token: string): string {
  return `AnaplanAuthToken ${token}`;
}

/**
 * Logs in with Basic authentication.
 * Vendor doc: https://anaplanauthentication.docs.apiary.io/ — `POST /token/authenticate`.
 */
export async function authenticateAnaplan(http: VendorHttp, credentials: { username: string; password: string }): Promise<AccessToken> {
  const basic = Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
  const response = await http.send({ method: 'POST', path: '/token/authenticate', anonymous: true, headers: { authorization: `Basic ${basic}` } });
  return tokenOf(http, response.body);
}

/**
 * Exchanges a still-valid token for a new one (the old one stops working) — no password on the wire.
 * Vendor doc: https://anaplanauthentication.docs.apiary.io/ — `POST /token/refresh`.
 */
export async function refreshAnaplanToken(http: VendorHttp, token: string): Promise<AccessToken> {
  const response = await http.send({ method: 'POST', path: '/token/refresh', anonymous: true, headers: { authorization: anaplanAuthorization(token) } });
  return tokenOf(http, response.body);
}

/**
 * The token fetcher of a TokenCache: refresh while the held token still works, else log in again
 * (a refused refresh falls back to a login).
 */
export function createAnaplanTokenFetcher(http: VendorHttp, credentials: { username: string; password: string }, clock: Clock): () => Promise<AccessToken> {
  let held: AccessToken | undefined;
  return async () => {
    let next: AccessToken | undefined;
    if (held && held.expiresAt.getTime() > clock.now().getTime()) {
      next = await refreshAnaplanToken(http, held.value).catch(() => undefined);
    }
    held = next ?? (await authenticateAnaplan(http, credentials));
    return held;
  };
}

function tokenOf(http: VendorHttp, body: unknown): AccessToken {
  const parsed = tokenResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new NonRetryableError(`${http.connection}: unexpected token response: ${parsed.error.message}`, { kind: 'auth', connection: http.connection });
  }
  return { value: parsed.data.tokenInfo.tokenValue, expiresAt: new Date(parsed.data.tokenInfo.expiresAt) };
}
