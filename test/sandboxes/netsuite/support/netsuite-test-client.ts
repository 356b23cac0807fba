import { importPKCS8, SignJWT } from 'jose';
import { createSandboxClock, type SandboxClock } from '../../../../src/sandboxes/kit/clock.js';
import { startNetSuiteSandbox, type NetSuiteSandboxOptions, type RunningNetSuiteSandbox } from '../../../../src/sandboxes/netsuite/netsuite-sandbox.js';

/** A test's view of one running NetSuite sandbox: a signed-in client over real HTTP. */
export interface NetSuiteHarness {
  sandbox: RunningNetSuiteSandbox;
  clock: SandboxClock;
  token: string;
  /** Calls a path under baseUrl with the bearer token; JSON in, parsed JSON (or null) out. */
  call(method: string, path: string, options?: { body?: unknown; headers?: Record<string, string> }): Promise<NetSuiteResponse>;
  /** Fetches a fresh access token. */
  signIn(): Promise<string>;
  admin(method: string, path: string, body?: unknown): Promise<NetSuiteResponse>;
  stop(): Promise<void>;
}

/** What a call returned. */
export interface NetSuiteResponse {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary vendor JSON
  body: any;
}

/** Signs a client-credentials assertion the way a NetSuite integration would. */
export async function signAssertion(
  sandbox: RunningNetSuiteSandbox,
  clock: SandboxClock,
  overrides: { privateKeyPem?: string; kid?: string; iss?: string; aud?: string; iat?: number; exp?: number; scope?: unknown } = {},
): Promise<string> {
  const credentials = sandbox.credentials;
  const key = await importPKCS8(overrides.privateKeyPem ?? credentials.privateKeyPem!, 'PS256');
  const iat = overrides.iat ?? Math.floor(clock.now().getTime() / 1000);
  return new SignJWT({ scope: overrides.scope ?? ['restlets', 'rest_webservices'] })
    .setProtectedHeader({ alg: 'PS256', typ: 'JWT', kid: overrides.kid ?? credentials.certificateId! })
    .setIssuer(overrides.iss ?? credentials.clientId!)
    .setAudience(overrides.aud ?? credentials.tokenUrl!)
    .setIssuedAt(iat)
    .setExpirationTime(overrides.exp ?? iat + 3600)
    .sign(key);
}

/** Posts a token request form. */
export async function requestToken(sandbox: RunningNetSuiteSandbox, assertion: string): Promise<NetSuiteResponse> {
  const response = await fetch(sandbox.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

/** Starts a sandbox on a manual clock (2026-03-15T12:00:00Z unless given) and signs in. */
export async function startNetSuiteHarness(options: NetSuiteSandboxOptions & { start?: string } = {}): Promise<NetSuiteHarness> {
  const clock = options.clock ?? createSandboxClock(options.start ?? '2026-03-15T12:00:00Z', 'manual');
  const sandbox = await startNetSuiteSandbox({ ...options, clock });
  const send = async (url: string, method: string, body: unknown, headers: Record<string, string>): Promise<NetSuiteResponse> => {
    const response = await fetch(url, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
  };
  const harness: NetSuiteHarness = {
    sandbox,
    clock,
    token: '',
    async signIn() {
      const response = await requestToken(sandbox, await signAssertion(sandbox, clock));
      if (response.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(response.body)}`);
      harness.token = response.body.access_token;
      return harness.token;
    },
    call: (method, path, options = {}) =>
      send(`${sandbox.baseUrl}${path}`, method, options.body, { authorization: `Bearer ${harness.token}`, ...options.headers }),
    admin: (method, path, body) => send(`${sandbox.adminUrl}${path}`, method, body, {}),
    stop: () => sandbox.stop(),
  };
  await harness.signIn();
  return harness;
}

/** The internal id at the end of a Location header. */
export function idFromLocation(response: NetSuiteResponse): string {
  const location = response.headers.get('location');
  if (!location) throw new Error(`no Location header (status ${response.status}: ${JSON.stringify(response.body)})`);
  return location.split('/').pop()!;
}

/** Record API path. */
export const rec = (path: string) => `/services/rest/record/v1/${path}`;
