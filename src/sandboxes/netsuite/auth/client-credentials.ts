import { randomBytes } from 'node:crypto';
import { decodeProtectedHeader, importSPKI, importX509, jwtVerify, type JWTPayload } from 'jose';
import { invalidLogin, NetSuiteError } from '../errors.js';

/**
 * OAuth 2.0 client credentials with a JWT assertion, as NetSuite's token endpoint takes it: the
 * assertion is signed with the integration's private key; NetSuite verifies it with the uploaded
 * certificate (header `kid` = certificate id), `iss` = client id, `aud` = the token URL,
 * `scope` containing rest_webservices, `exp` at most one hour after `iat`.
 * Vendor doc: NetSuite Help "OAuth 2.0 Client Credentials Setup" / "Access Token Request".
 */

/** One integration record's mapping: client id + certificate id + the public key (SPKI PEM or X.509 PEM). */
export interface IntegrationCredential {
  clientId: string;
  certificateId: string;
  publicKeyPem: string;
}

/** The token endpoint's success body. */
export interface AccessTokenResponse {
  access_token: string;
  expires_in: number;
  token_type: 'bearer';
}

const assertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const algorithms = ['PS256', 'RS256', 'ES256', 'PS384', 'RS384', 'ES384', 'PS512', 'RS512', 'ES512'];
/** NetSuite access tokens live 60 minutes. */
export const ACCESS_TOKEN_SECONDS = 3600;

/** Issues and checks access tokens against the sandbox clock. */
export class AccessTokenIssuer {
  private readonly tokens = new Map<string, { clientId: string; expiresAtMs: number }>();

  constructor(
    private readonly integrations: readonly IntegrationCredential[],
    private readonly now: () => Date,
  ) {}

  /** Exchanges a form body for an access token; any defect is INVALID_LOGIN (401). */
  async exchange(form: Record<string, unknown>, tokenUrl: string): Promise<AccessTokenResponse & { clientId: string }> {
    if (form.grant_type !== 'client_credentials' || form.client_assertion_type !== assertionType || typeof form.client_assertion !== 'string') {
      throw invalidLogin();
    }
    const assertion = form.client_assertion;
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(assertion).kid;
    } catch {
      throw invalidLogin();
    }
    const integration = this.integrations.find((candidate) => candidate.certificateId === kid);
    if (!integration) throw invalidLogin();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(assertion, async (header) => importKey(integration.publicKeyPem, header.alg), {
        algorithms,
        issuer: integration.clientId,
        audience: tokenUrl,
        currentDate: this.now(),
        requiredClaims: ['iat', 'exp'],
      }));
    } catch {
      throw invalidLogin();
    }
    const scopes = Array.isArray(payload.scope) ? payload.scope : String(payload.scope ?? '').split(/[\s,]+/);
    if (!scopes.includes('rest_webservices') || payload.exp! > payload.iat! + ACCESS_TOKEN_SECONDS) throw invalidLogin();
    const accessToken = randomBytes(32).toString('base64url');
    this.tokens.set(accessToken, { clientId: integration.clientId, expiresAtMs: this.now().getTime() + ACCESS_TOKEN_SECONDS * 1000 });
    return { access_token: accessToken, expires_in: ACCESS_TOKEN_SECONDS, token_type: 'bearer', clientId: integration.clientId };
  }

  /** The client id behind `Authorization: Bearer <token>`; missing, unknown or expired is INVALID_LOGIN. */
  authenticate(authorization: string | undefined, forceExpired = false): string {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    const entry = token ? this.tokens.get(token) : undefined;
    if (!entry || forceExpired || entry.expiresAtMs <= this.now().getTime()) throw invalidLogin();
    return entry.clientId;
  }
}

async function importKey(pem: string, alg: string) {
  if (!algorithms.includes(alg)) throw new NetSuiteError('INVALID_LOGIN', `Unsupported algorithm ${alg}.`);
  return pem.includes('BEGIN CERTIFICATE') ? importX509(pem, alg) : importSPKI(pem, alg);
}
