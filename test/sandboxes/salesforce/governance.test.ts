import { afterEach, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from './support.js';

let t: TestSandbox | undefined;
afterEach(async () => {
  await t?.sandbox.stop();
  t = undefined;
});

describe('OAuth client credentials', () => {
  it('issues tokens in Salesforce shape, counts token requests and rejects bad clients', async () => {
    t = await startTestSandbox();
    const ok = await t.token();
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      access_token: expect.stringMatching(/^00D[0-9A-Za-z]{12}!/),
      instance_url: t.sandbox.baseUrl,
      id: expect.stringMatching(new RegExp(`^${t.sandbox.baseUrl}/id/00D[0-9A-Za-z]{15}/005[0-9A-Za-z]{15}$`)),
      token_type: 'Bearer',
      issued_at: String(Date.parse('2026-03-04T10:00:00Z')),
      signature: expect.any(String),
    });
    const wrongSecret = await t.token('hub-client', 'nope');
    expect(wrongSecret).toEqual({ status: 400, body: { error: 'invalid_client', error_description: 'invalid client credentials' } });
    expect((await t.token('who')).body.error).toBe('invalid_client_id');
    const basic = await fetch(`${t.sandbox.baseUrl}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('crm-user-app:crm-secret').toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    expect(basic.status).toBe(200);
    expect(t.sandbox.auth.tokenRequests()).toBe(4);
    expect((await t.admin('GET', 'salesforce/usage')).body.tokenRequests).toBe(4);
  });

  it('tokens expire after the configured lifetime of sandbox time -> 401 INVALID_SESSION_ID', async () => {
    t = await startTestSandbox({ tokenLifetimeMs: 15 * 60_000 });
    expect((await t.api('GET', 'limits')).status).toBe(200);
    t.clock.advance(15 * 60_000);
    const expired = await t.api('GET', 'limits');
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    const none = await fetch(`${t.sandbox.baseUrl}/services/data/v61.0/limits`);
    expect(none.status).toBe(401);
  });

  it('token-expiry fault makes valid tokens fail until the rule is removed', async () => {
    t = await startTestSandbox();
    await t.admin('PUT', 'faults', { rules: [{ match: { path: '/sobjects/' }, tokenExpiry: true }] });
    expect((await t.api('GET', 'sobjects/Account/describe')).status).toBe(401);
    expect((await t.api('GET', 'limits')).status).toBe(200);
    await t.admin('PUT', 'faults', { rules: [] });
    expect((await t.api('GET', 'sobjects/Account/describe')).status).toBe(200);
  });
});

describe('daily API allowance', () => {
  it('reports usage in Sforce-Limit-Info and answers 403 REQUEST_LIMIT_EXCEEDED once spent, until sandbox midnight', async () => {
    t = await startTestSandbox({ dailyApiLimit: 3, tokenLifetimeMs: 24 * 3_600_000 });
    const statuses: number[] = [];
    const headers: (string | null)[] = [];
    for (let i = 0; i < 5; i += 1) {
      const res = await t.api('GET', 'limits');
      statuses.push(res.status);
      headers.push(res.headers.get('sforce-limit-info'));
      if (res.status === 403) expect(res.body).toEqual([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
      expect(res.headers.get('retry-after')).toBeNull();
    }
    expect(statuses).toEqual([200, 200, 200, 403, 403]);
    expect(headers).toEqual(['api-usage=1/3', 'api-usage=2/3', 'api-usage=3/3', 'api-usage=3/3', 'api-usage=3/3']);
    // The token endpoint is not an API call: a new token still works, but data calls stay refused.
    expect((await t.token()).status).toBe(200);
    t.clock.set('2026-03-05T00:00:00Z');
    const nextDay = await t.api('GET', 'limits');
    expect(nextDay.status).toBe(200);
    expect(nextDay.body).toEqual({ DailyApiRequests: { Max: 3, Remaining: 2 } });
    expect(nextDay.headers.get('sforce-limit-info')).toBe('api-usage=1/3');
  });

  it('a composite call counts once', async () => {
    t = await startTestSandbox();
    await t.api('POST', 'composite', {
      compositeRequest: Array.from({ length: 5 }, (_, i) => ({ method: 'POST', url: '/services/data/v61.0/sobjects/Account', referenceId: `a${i}`, body: { Name: `C${i}` } })),
    });
    expect(t.sandbox.allowance.usage().used).toBe(1);
  });
});

describe('fault injection in Salesforce shape', () => {
  it('503 SERVER_UNAVAILABLE, 500 UNKNOWN_EXCEPTION, throttling as 403 (never 429), outages on the sandbox clock', async () => {
    t = await startTestSandbox();
    await t.admin('PUT', 'faults', { rules: [{ match: { path: '/query' }, errorRate: { '503': 1 } }, { match: { path: '/limits' }, errorRate: { '500': 1 } }, { match: { path: '/sobjects$' }, throttleRate: 1 }] });
    const unavailable = await t.query('SELECT Id FROM Account');
    expect(unavailable.status).toBe(503);
    expect(unavailable.body[0].errorCode).toBe('SERVER_UNAVAILABLE');
    const crash = await t.api('GET', 'limits');
    expect(crash.status).toBe(500);
    expect(crash.body[0].errorCode).toBe('UNKNOWN_EXCEPTION');
    const throttled = await t.api('GET', 'sobjects');
    expect(throttled.status).toBe(403);
    expect(throttled.body[0]).toEqual({ message: 'ConcurrentPerOrgLongTxn Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' });

    await t.admin('PUT', 'faults', { rules: [{ outages: [{ from: '2026-03-04T11:00:00Z', to: '2026-03-04T12:00:00Z' }] }] });
    expect((await t.api('GET', 'limits')).status).toBe(200);
    await t.admin('PUT', 'clock', { set: '2026-03-04T11:30:00Z' });
    expect((await t.api('GET', 'limits')).status).toBe(503);
    const log = await t.admin('GET', 'requests');
    expect(log.body.requests.at(-1)).toMatchObject({ status: 503, faultInjected: 'unavailable:503', path: '/services/data/v61.0/limits' });
    expect(log.body.requests.find((r: { status: number }) => r.status === 200)).toMatchObject({ clientId: 'hub-client' });
  });

  it('timeout-after-commit: the caller sees a dropped connection and the record exists', async () => {
    t = await startTestSandbox();
    await t.api('GET', 'limits');
    await t.admin('PUT', 'faults', { rules: [{ match: { method: 'PATCH', path: '/sobjects/Account/Throughline_Id__c/' }, timeoutAfterCommitRate: 1 }] });
    await expect(t.api('PATCH', 'sobjects/Account/Throughline_Id__c/tac-1', { Name: 'Committed anyway' })).rejects.toThrow();
    await t.admin('PUT', 'faults', { rules: [] });
    const found = await t.api('GET', 'sobjects/Account/Throughline_Id__c/tac-1?fields=Name');
    expect(found.body.Name).toBe('Committed anyway');
  });

  it('admin snapshot/restore/reset and record inspection', async () => {
    t = await startTestSandbox();
    await t.api('POST', 'sobjects/Account', { Name: 'Keep', Throughline_Id__c: 'keep-1' });
    const { body: snap } = await t.admin('POST', 'snapshot');
    await t.api('POST', 'sobjects/Account', { Name: 'Drop', Throughline_Id__c: 'drop-1' });
    expect((await t.admin('GET', 'records/Account')).body.map((r: { Name: string }) => r.Name)).toEqual(['Keep', 'Drop']);
    await t.admin('POST', `restore/${snap.id}`);
    expect((await t.admin('GET', 'records/account')).body.map((r: { Name: string }) => r.Name)).toEqual(['Keep']);
    expect((await t.api('GET', 'sobjects/Account/Throughline_Id__c/keep-1?fields=Name')).body.Name).toBe('Keep');
    expect((await t.api('GET', 'sobjects/Account/Throughline_Id__c/drop-1')).status).toBe(404);
    await t.admin('POST', 'reset');
    expect((await t.admin('GET', 'records')).body).toMatchObject({ Account: 0, User: 2 });
    expect((await t.query('SELECT Id FROM Account')).body.totalSize).toBe(0);
  });
});
