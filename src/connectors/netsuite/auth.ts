import { randomUUID } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import type { Clock } from '../../runtime/clock.js';
import { NonRetryableError } from '../../runtime/errors.js';
import type { AccessToken } from '../http/token-cache.js';
import type { VendorHttp } from '../http/vendor-http.js';
import { tokenResponseSchema } from './schemas.js';

/** Assertions live ten minutes; NetSuite rejects `exp` more than an hour after `iat`. */
const ASSERTION_SECONDS = 600;
/** NetSuite access tokens live 60 minutes when the response does not say. */
const DEFAULT_TOKEN_SECONDS = 3600;

/** The integration's signing identity (OAuth 2.0 client credentials, certificate-based). */
export interface NetSuiteSigningKey {
  clientId: string;
  certificateId: string;
  privateKeyPem: string;
  algorithm: 'PS256' | 'RS256';
  tokenUrl: string;
}

/**
 * Signs the client assertion: header `kid` = certificate id; claims iss = client id, scope
 * `rest_webservices`, aud = token URL, iat, exp (<= 1 h).
 * Vendor doc: NetSuite Help "OAuth 2.0 Client Credentials (M2M) Setup" > "Access Token Request".
 */
export async function signClientAssertion(key: NetSuiteSigningKey, now: Date): Promise<string> {
  const privateKey = await importPKCS8(key.privateKeyPem, key.algorithm);
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ scope: ['rest_webservices'] })
    .setProtectedHeader({ alg: key.algorithm, typ: 'JWT', kid: key.certificateId })
    .setIssuer(key.clientId)
    .setAudience(key.tokenUrl)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ASSERTION_SECONDS)
    .setJti(randomUUID())
    .sign(privateKey);
}

/**
 * Exchanges a fresh assertion for an access token.
 * Vendor doc: `POST /services/rest/auth/oauth2/v1/token` (grant_type=client_credentials, client_assertion_type=jwt-bearer).
 */
export async function fetchAccessToken(http: VendorHttp, key: NetSuiteSigningKey, clock: Clock): Promise<AccessToken> {
  const issuedAt = clock.now();
  const response = await http.send({
    method: 'POST',
    path: key.tokenUrl,
    anonymous: true,
    form: {
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await signClientAssertion(key, issuedAt),
    },
  });
  const parsed = tokenResponseSchema.safeParse(response.body);
  if (!parsed.success) throw new NonRetryableError(`${http.connection}: token response not understood: ${parsed.error.message}`, { kind: 'auth', connection: http.connection });
  const seconds = parsed.data.expires_in ?? DEFAULT_TOKEN_SECONDS;
  return { value: parsed.data.access_token, expiresAt: new Date(issuedAt.getTime() + seconds * 1000) };
}
