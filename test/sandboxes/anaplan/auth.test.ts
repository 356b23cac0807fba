import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAnaplanSandbox, type RunningAnaplanSandbox } from '../../../src/sandboxes/anaplan/anaplan-sandbox.js';
import { createSandboxClock } from '../../../src/sandboxes/kit/clock.js';
import { anaplanClient, authenticate } from './anaplan-test-client.js';

describe('Anaplan sandbox: authentication service tokens', () => {
  let sandbox: RunningAnaplanSandbox;
  beforeEach(async () => {
    sandbox = await startAnaplanSandbox({ clock: createSandboxClock('2026-03-02T09:00:00Z', 'manual') });
  });
  afterEach(() => sandbox.stop());

  const workspaces = (token: string) => anaplanClient(sandbox, token).call('GET', `${sandbox.credentials.apiBaseUrl}/workspaces`);

  it('authenticates with Basic and returns tokenInfo expiring on the sandbox clock', async () => {
    const { authUrl, user, password } = sandbox.credentials;
    const response = await fetch(`${authUrl}/token/authenticate`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { status: string; tokenInfo: Record<string, unknown> };
    expect(body.status).toBe('SUCCESS');
    expect(body.tokenInfo).toMatchObject({ expiresAt: Date.parse('2026-03-02T09:35:00Z') });
    expect(body.tokenInfo).toHaveProperty('tokenId');
    expect(body.tokenInfo).toHaveProperty('refreshTokenId');
    const bad = await fetch(`${authUrl}/token/authenticate`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${user}:wrong`).toString('base64')}` },
    });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ status: 'FAILURE_BAD_CREDENTIAL' });
  });

  it('answers 401 on expiry and refreshes a live token into a new one', async () => {
    const token = await authenticate(sandbox);
    expect((await workspaces(token)).status).toBe(200);
    expect((await workspaces('not-a-token')).status).toBe(401);

    sandbox.clock.advance(30 * 60_000);
    const refreshed = await fetch(`${sandbox.credentials.authUrl}/token/refresh`, {
      method: 'POST',
      headers: { authorization: `AnaplanAuthToken ${token}` },
    });
    expect(refreshed.status).toBe(201);
    const next = ((await refreshed.json()) as { tokenInfo: { tokenValue: string } }).tokenInfo.tokenValue;
    expect(next).not.toBe(token);
    expect((await workspaces(token)).status).toBe(401);
    expect((await workspaces(next)).status).toBe(200);

    sandbox.clock.advance(35 * 60_000);
    const expired = await workspaces(next);
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ status: { code: 401, message: 'Token expired' } });
    const late = await fetch(`${sandbox.credentials.authUrl}/token/refresh`, { method: 'POST', headers: { authorization: `AnaplanAuthToken ${next}` } });
    expect(late.status).toBe(401);
  });
});
