/**
 * OAuth 2.0 client-credentials tokens for the sandbox org. Tokens expire after a configured lifetime
 * of sandbox time; an expired or unknown token gets 401 INVALID_SESSION_ID.
 * https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_client_credentials_flow.htm
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { SandboxClock } from '../kit/clock.js';
import { sfError } from './errors.js';

/** A connected app's credentials and the user it runs as. */
export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  userId: string;
  userName: string;
}

/** The OAuth error body Salesforce's token endpoint answers with. */
export interface OAuthErrorBody {
  error: string;
  error_description: string;
}

/** Issues and checks tokens. */
export interface SandboxAuth {
  /** `POST /services/oauth2/token` with the form fields and the Authorization header. */
  issueToken(form: Record<string, string>, authorization: string | undefined, instanceUrl: string): { status: number; body: object };
  /** The client of a bearer token, or throws 401 INVALID_SESSION_ID. */
  authenticate(authorization: string | undefined): OAuthClient;
  tokenRequests(): number;
  /** Makes every issued token invalid (as if the session timed out). */
  expireAll(): void;
  clients(): OAuthClient[];
}

/** Creates the token service for `clients` in org `orgId`. */
export function createSandboxAuth(options: { clock: SandboxClock; clients: OAuthClient[]; tokenLifetimeMs: number; orgId: string }): SandboxAuth {
  const tokens = new Map<string, { client: OAuthClient; expiresAt: number }>();
  let requests = 0;
  const invalid = () => sfError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
  const oauthError = (status: number, error: string, description: string) => ({ status, body: { error, error_description: description } satisfies OAuthErrorBody });

  return {
    issueToken(form, authorization, instanceUrl) {
      requests += 1;
      let clientId = form.client_id;
      let clientSecret = form.client_secret;
      if (authorization?.startsWith('Basic ')) {
        const [id, secret] = Buffer.from(authorization.slice(6), 'base64').toString().split(':');
        clientId = decodeURIComponent(id ?? '');
        clientSecret = decodeURIComponent(secret ?? '');
      }
      if (form.grant_type !== 'client_credentials') return oauthError(400, 'unsupported_grant_type', 'grant type not supported');
      const client = options.clients.find((c) => c.clientId === clientId);
      if (!client) return oauthError(400, 'invalid_client_id', 'client identifier invalid');
      if (client.clientSecret !== clientSecret) return oauthError(400, 'invalid_client', 'invalid client credentials');
      const now = options.clock.now().getTime();
      const accessToken = `${options.orgId.slice(0, 15)}!${randomBytes(48).toString('base64url')}`;
      tokens.set(accessToken, { client, expiresAt: now + options.tokenLifetimeMs });
      const id = `${instanceUrl}/id/${options.orgId}/${client.userId}`;
      const issuedAt = String(now);
      return {
        status: 200,
        body: {
          access_token: accessToken,
          signature: createHmac('sha256', client.clientSecret).update(id + issuedAt).digest('base64'),
          scope: 'api',
          instance_url: instanceUrl,
          id,
          token_type: 'Bearer',
          issued_at: issuedAt,
        },
      };
    },
    authenticate(authorization) {
      const match = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(authorization ?? '');
      const entry = match ? tokens.get(match[1]!.trim()) : undefined;
      if (!entry) throw invalid();
      if (options.clock.now().getTime() >= entry.expiresAt) {
        tokens.delete(match![1]!.trim());
        throw invalid();
      }
      return entry.client;
    },
    tokenRequests: () => requests,
    expireAll: () => tokens.clear(),
    clients: () => [...options.clients],
  };
}
