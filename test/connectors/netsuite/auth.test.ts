import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { signClientAssertion } from '../../../src/connectors/netsuite/auth.js';
import { createManualClock, type ManualClock } from '../../../src/runtime/clock.js';
import { createSandboxClock } from '../../../src/sandboxes/kit/clock.js';
import { sampleClient, startConnectorHarness, type ConnectorHarness } from './support/harness.js';

describe('NetSuite client: OAuth 2.0 client credentials with a JWT assertion', () => {
  const start = '2026-03-15T12:00:00.000Z';
  let hubClock: ManualClock;
  let h: ConnectorHarness;
  beforeAll(async () => {
    hubClock = createManualClock(start);
    h = await startConnectorHarness({ clock: createSandboxClock(start, 'manual'), hubClock });
  });
  afterAll(() => h.stop());
  const advance = async (ms: number) => {
    h.sandboxClock.advance(ms);
    await hubClock.advance(ms);
  };
  const tokenRequests = async () => (await h.requestLog()).filter((e) => e.method === 'POST' && e.path.endsWith('/auth/oauth2/v1/token'));

  it('fetches one token per token lifetime, however many calls run in parallel', async () => {
    await Promise.all(Array.from({ length: 10 }, (_, n) => h.connector.ledger.upsertCustomer(sampleClient(`Parallel ${n}`))));
    await advance(30 * 60_000);
    for (let n = 0; n < 5; n++) await h.connector.ledger.upsertCustomer(sampleClient(`Later ${n}`));
    expect(await tokenRequests()).toHaveLength(1);
    expect(h.connector.client.tokens.fetched).toBe(1);
    expect(h.calls.snapshot().netsuite!.tokenRequests).toBe(1);

    // Past the 60-minute lifetime (minus the refresh skew): exactly one more token.
    await advance(30 * 60_000);
    await Promise.all(Array.from({ length: 5 }, (_, n) => h.connector.ledger.upsertCustomer(sampleClient(`Next hour ${n}`))));
    const tokens = await tokenRequests();
    expect(tokens).toHaveLength(2);
    expect(tokens.every((e) => e.status === 200)).toBe(true);
  });

  it('a bad key is INVALID_LOGIN as a NonRetryableError with NetSuite\'s words', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const stranger = h.connect({ privateKeyPem: other }, { clock: hubClock });
    await expect(stranger.ledger.upsertCustomer(sampleClient('Nobody'))).rejects.toMatchObject({
      name: 'NonRetryableError',
      message: expect.stringContaining('Invalid login attempt'),
      details: { vendorCode: 'INVALID_LOGIN', status: 401 },
    });
  });

  it('signs the assertion with kid = certificate id, iss, aud = token URL, scope rest_webservices, exp <= 1 h (PS256 or RS256)', async () => {
    const key = {
      clientId: h.sandbox.credentials.clientId!, certificateId: h.sandbox.credentials.certificateId!, privateKeyPem: h.sandbox.credentials.privateKeyPem!,
      algorithm: 'RS256' as const, tokenUrl: h.sandbox.tokenUrl,
    };
    const assertion = await signClientAssertion(key, hubClock.now());
    expect(decodeProtectedHeader(assertion)).toMatchObject({ alg: 'RS256', kid: key.certificateId, typ: 'JWT' });
    const claims = decodeJwt(assertion);
    expect(claims).toMatchObject({ iss: key.clientId, aud: key.tokenUrl, scope: ['rest_webservices'], iat: hubClock.now().getTime() / 1000 });
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(3600);
    const rs256 = h.connect({ algorithm: 'RS256' }, { clock: hubClock });
    await expect(rs256.ledger.upsertCustomer(sampleClient('Signed with RS256'))).resolves.toMatchObject({ objectType: 'customer' });
  });
});
