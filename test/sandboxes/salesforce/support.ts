/* eslint-disable @typescript-eslint/no-explicit-any -- test responses are vendor JSON asserted field by field */
import { createSandboxClock } from '../../../src/sandboxes/kit/clock.js';
import { startSalesforceSandbox, type SalesforceSandboxOptions } from '../../../src/sandboxes/salesforce/sandbox.js';

/** Response of `api()`: status, parsed JSON body and headers. */
export interface ApiResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Starts a sandbox on a manual clock with two known clients, and returns helpers bound to it. */
export async function startTestSandbox(options: SalesforceSandboxOptions = {}) {
  const clock = createSandboxClock('2026-03-04T10:00:00Z', 'manual');
  const sandbox = await startSalesforceSandbox({
    clock,
    clients: [
      { clientId: 'hub-client', clientSecret: 'hub-secret' },
      { clientId: 'crm-user-app', clientSecret: 'crm-secret' },
    ],
    webhookRetryBaseMs: 1,
    ...options,
  });
  const token = async (clientId = 'hub-client', clientSecret = clientId === 'hub-client' ? 'hub-secret' : 'crm-secret') => {
    const res = await fetch(`${sandbox.baseUrl}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const tokens = new Map<string, string>();
  const bearer = async (clientId = 'hub-client') => {
    if (!tokens.has(clientId)) tokens.set(clientId, (await token(clientId)).body.access_token);
    return tokens.get(clientId)!;
  };
  /** Calls `/services/data/v61.0/<path>` (or an absolute path starting with /). */
  const api = async <T = any>(method: string, path: string, body?: unknown, options: { clientId?: string; headers?: Record<string, string>; raw?: string } = {}): Promise<ApiResult<T>> => {
    const url = path.startsWith('/') ? `${sandbox.baseUrl}${path}` : `${sandbox.baseUrl}/services/data/v61.0/${path}`;
    const res = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${await bearer(options.clientId)}`,
        ...(body !== undefined || options.raw !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(options.raw !== undefined ? { body: options.raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
  };
  const query = (soql: string, all = false) => api(all ? 'GET' : 'GET', `${all ? 'queryAll' : 'query'}?q=${encodeURIComponent(soql)}`);
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sandbox.baseUrl}/__admin/${path}`, {
      method,
      ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return { sandbox, clock, token, api, query, admin };
}

export type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
