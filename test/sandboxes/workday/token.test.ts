import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandboxClock } from '../../../src/sandboxes/kit/clock.js';
import { startWorkdaySandbox, type RunningWorkdaySandbox } from '../../../src/sandboxes/workday/workday-sandbox.js';
import { fetchAccessToken, getWorkersEnvelope, postSoap } from './workday-test-client.js';

describe('Workday sandbox: OAuth refresh-token grant and token expiry', () => {
  let sandbox: RunningWorkdaySandbox;
  beforeEach(async () => {
    sandbox = await startWorkdaySandbox({ clock: createSandboxClock('2026-01-05T09:00:00Z', 'manual') });
  });
  afterEach(() => sandbox.stop());

  const tokenRequest = (form: Record<string, string>, basic?: string) =>
    fetch(sandbox.credentials.tokenUrl!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(basic ? { authorization: `Basic ${basic}` } : {}) },
      body: new URLSearchParams(form).toString(),
    });
  const workers = (token: string) =>
    fetch(`${sandbox.credentials.restBaseUrl}/workers`, { headers: { authorization: `Bearer ${token}` } });

  it('issues a bearer token for client credentials sent as form fields', async () => {
    const { clientId, clientSecret, refreshToken } = sandbox.credentials;
    const response = await tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken!, client_id: clientId!, client_secret: clientSecret! });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect((await workers(body['access_token'] as string)).status).toBe(200);
  });

  it('rejects a wrong client secret, a wrong refresh token and other grant types', async () => {
    const { clientId, refreshToken } = sandbox.credentials;
    const wrongSecret = Buffer.from(`${clientId}:nope`).toString('base64');
    const bad = await tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken! }, wrongSecret);
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error: 'invalid_client' });

    const basic = Buffer.from(`${clientId}:${sandbox.credentials.clientSecret}`).toString('base64');
    const grant = await tokenRequest({ grant_type: 'refresh_token', refresh_token: 'stale' }, basic);
    expect(grant.status).toBe(400);
    expect(await grant.json()).toMatchObject({ error: 'invalid_grant' });
    const type = await tokenRequest({ grant_type: 'client_credentials' }, basic);
    expect(await type.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('expires tokens on the sandbox clock for REST and SOAP', async () => {
    const token = await fetchAccessToken(sandbox);
    sandbox.clock.advance(3599_000);
    expect((await workers(token)).status).toBe(200);
    sandbox.clock.advance(1_000);
    const rest = await workers(token);
    expect(rest.status).toBe(401);
    expect(await rest.json()).toMatchObject({ error: 'invalid_token' });
    const soap = await postSoap(sandbox, getWorkersEnvelope(''), token);
    expect(soap.status).toBe(500);
    expect(soap.doc.Envelope.Body.Fault.faultcode).toBe('env:Client.authenticationError');
  });

  it('treats valid tokens as expired while a tokenExpiry fault is on', async () => {
    const token = await fetchAccessToken(sandbox);
    await fetch(`${sandbox.adminUrl}/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ match: { path: '/workers' }, tokenExpiry: true }] }),
    });
    expect((await workers(token)).status).toBe(401);
    await fetch(`${sandbox.adminUrl}/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"rules":[]}' });
    expect((await workers(token)).status).toBe(200);
  });

  it('accepts a WS-Security UsernameToken on SOAP and rejects a wrong password', async () => {
    const security = (password: string) => `<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">
      <wsse:UsernameToken><wsse:Username>${sandbox.credentials.username}</wsse:Username>
      <wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">${password}</wsse:Password>
      </wsse:UsernameToken></wsse:Security>`;
    const ok = await postSoap(sandbox, getWorkersEnvelope('', security(sandbox.credentials.password!)));
    expect(ok.status).toBe(200);
    expect(ok.doc.Envelope.Body.Get_Workers_Response.Response_Results.Total_Results).toBe('5');
    const wrong = await postSoap(sandbox, getWorkersEnvelope('', security('guess')));
    expect(wrong.status).toBe(500);
    expect(wrong.doc.Envelope.Body.Fault.faultstring).toMatch(/invalid username or password/);
    const none = await postSoap(sandbox, getWorkersEnvelope(''));
    expect(none.doc.Envelope.Body.Fault.faultcode).toBe('env:Client.authenticationError');
  });
});
