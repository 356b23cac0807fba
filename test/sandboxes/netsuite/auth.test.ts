import { exportPKCS8, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rec, requestToken, signAssertion, startNetSuiteHarness, type NetSuiteHarness, type NetSuiteResponse } from './support/netsuite-test-client.js';

describe('NetSuite sandbox OAuth 2.0 client credentials (JWT assertion)', () => {
  let ns: NetSuiteHarness;
  beforeAll(async () => {
    ns = await startNetSuiteHarness();
  });
  afterAll(async () => ns.stop());

  const expectInvalidLogin = (response: NetSuiteResponse) => {
    expect(response.status).toBe(401);
    expect(response.body.status).toBe(401);
    expect(response.body['o:errorDetails'][0]['o:errorCode']).toBe('INVALID_LOGIN');
  };

  it('exchanges a well-signed assertion for a one-hour bearer token that opens the record API', async () => {
    const response = await requestToken(ns.sandbox, await signAssertion(ns.sandbox, ns.clock));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ expires_in: 3600, token_type: 'bearer' });
    expect(typeof response.body.access_token).toBe('string');
    ns.token = response.body.access_token;
    const list = await ns.call('GET', rec('currency'));
    expect(list.status).toBe(200);
    const log = await ns.admin('GET', '/requests');
    const entry = log.body.requests.find((r: { path: string }) => r.path === '/services/rest/record/v1/currency');
    expect(entry.clientId).toBe(ns.sandbox.credentials.clientId);
  });

  it('rejects an assertion signed by another key', async () => {
    const { privateKey } = await generateKeyPair('PS256', { extractable: true });
    const forged = await signAssertion(ns.sandbox, ns.clock, { privateKeyPem: await exportPKCS8(privateKey) });
    expectInvalidLogin(await requestToken(ns.sandbox, forged));
  });

  it('rejects an expired assertion, a lifetime over one hour, a wrong audience, an unknown kid and a missing scope', async () => {
    const now = Math.floor(ns.clock.now().getTime() / 1000);
    const cases = [
      { iat: now - 7200, exp: now - 3600 },
      { iat: now, exp: now + 7200 },
      { aud: 'https://elsewhere.example/token' },
      { kid: 'unknown-certificate' },
      { scope: 'restlets' },
    ];
    for (const overrides of cases) {
      expectInvalidLogin(await requestToken(ns.sandbox, await signAssertion(ns.sandbox, ns.clock, overrides)));
    }
  });

  it('answers INVALID_LOGIN for a missing token and for a token past its hour on the sandbox clock', async () => {
    await ns.signIn();
    expectInvalidLogin(await ns.call('GET', rec('currency'), { headers: { authorization: '' } }));
    expect((await ns.call('GET', rec('currency'))).status).toBe(200);
    ns.clock.advance(3600 * 1000 + 1);
    expectInvalidLogin(await ns.call('GET', rec('currency')));
    await ns.signIn();
    expect((await ns.call('GET', rec('currency'))).status).toBe(200);
  });

  it('expires tokens on demand through the tokenExpiry fault', async () => {
    await ns.admin('PUT', '/faults', { rules: [{ match: { path: '^/services/rest/record/' }, tokenExpiry: true }] });
    try {
      expectInvalidLogin(await ns.call('GET', rec('currency')));
    } finally {
      await ns.admin('PUT', '/faults', { rules: [] });
    }
    expect((await ns.call('GET', rec('currency'))).status).toBe(200);
  });
});
