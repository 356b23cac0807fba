import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountConcurrencyLimit } from '../../../src/sandboxes/netsuite/governance/concurrency-pool.js';
import { rec, startNetSuiteHarness, type NetSuiteHarness } from './support/netsuite-test-client.js';

describe('NetSuite sandbox concurrency governance', () => {
  let ns: NetSuiteHarness;
  beforeAll(async () => {
    ns = await startNetSuiteHarness();
  });
  afterAll(async () => ns.stop());

  it('sizes the pool by tier and SuiteCloud Plus licences, capped at the tier maximum', () => {
    expect(accountConcurrencyLimit()).toBe(5);
    expect(accountConcurrencyLimit({ tier: 'premium', suiteCloudPlusLicenses: 2 })).toBe(35);
    expect(accountConcurrencyLimit({ tier: 'standard', suiteCloudPlusLicenses: 5 })).toBe(15);
    expect(accountConcurrencyLimit({ tier: 'ultimate', suiteCloudPlusLicenses: 20 })).toBe(140);
  });

  it('reports the limit at governanceLimits', async () => {
    const limits = await ns.call('GET', '/services/rest/system/v1/governanceLimits');
    expect(limits.body).toMatchObject({ accountConcurrencyLimit: 5, serviceTier: 'default' });
  });

  it('answers 429 CONCURRENCY_LIMIT_EXCEEDED without Retry-After beyond 5 slow parallel requests, across endpoints', async () => {
    await ns.admin('POST', '/concurrency/reset');
    await ns.admin('PUT', '/faults', { rules: [{ match: { path: '^/services/rest/' }, latencyMs: { min: 1000, max: 1000 } }] });
    try {
      const requests = Array.from({ length: 20 }, (_, index) => index % 4 === 0
        ? ns.call('POST', '/services/rest/query/v1/suiteql', { body: { q: 'SELECT id FROM currency' }, headers: { prefer: 'transient' } })
        : ns.call('GET', rec('currency')));
      const responses = await Promise.all(requests);
      const throttled = responses.filter((response) => response.status === 429);
      const served = responses.filter((response) => response.status === 200);
      // Arrivals spread out on a busy machine, so a slot freed early may serve a late request; what
      // must hold is that no more than 5 ever ran at once and that the excess was refused.
      expect(served.length).toBeGreaterThanOrEqual(5);
      expect(throttled.length).toBeGreaterThan(0);
      expect(throttled.length).toBe(20 - served.length);
      for (const response of throttled) {
        expect(response.headers.get('retry-after')).toBeNull();
        expect(response.body).toMatchObject({ status: 429, 'o:errorDetails': [{ 'o:errorCode': 'CONCURRENCY_LIMIT_EXCEEDED' }] });
      }
      const stats = (await ns.admin('GET', '/concurrency')).body;
      expect(stats).toMatchObject({ limit: 5, peak: 5, rejected: throttled.length, inFlight: 0 });
    } finally {
      await ns.admin('PUT', '/faults', { rules: [] });
    }
    expect((await ns.call('GET', rec('currency'))).status).toBe(200);
  });
});

describe('NetSuite sandbox faults and admin', () => {
  let ns: NetSuiteHarness;
  beforeAll(async () => {
    ns = await startNetSuiteHarness({ seed: 7 });
  });
  afterAll(async () => ns.stop());

  const setFaults = (rules: unknown[]) => ns.admin('PUT', '/faults', { rules });

  it('injects 5xx and 429 with NetSuite\'s own error body', async () => {
    await setFaults([{ match: { path: '/record/v1/currency' }, errorRate: { '503': 1 } }]);
    const unavailable = await ns.call('GET', rec('currency'));
    expect(unavailable.status).toBe(503);
    expect(unavailable.body['o:errorDetails'][0]['o:errorCode']).toBe('SERVICE_UNAVAILABLE');
    await setFaults([{ match: { path: '/record/v1/currency' }, throttleRate: 1 }]);
    const throttled = await ns.call('GET', rec('currency'));
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBeNull();
    expect(throttled.body['o:errorDetails'][0]['o:errorCode']).toBe('CONCURRENCY_LIMIT_EXCEEDED');
    await setFaults([]);
  });

  it('timeout-after-commit: the caller sees a dropped connection, yet the record exists', async () => {
    await setFaults([{ match: { method: 'POST', path: '/record/v1/customer$' }, timeoutAfterCommitRate: 1 }]);
    await expect(ns.call('POST', rec('customer'), { body: { companyName: 'Committed', subsidiary: { externalId: 'US' }, externalId: 'TAC-1' } }))
      .rejects.toThrow();
    await setFaults([]);
    const read = await ns.call('GET', rec('customer/eid:TAC-1'));
    expect(read.status).toBe(200);
    expect(read.body.companyName).toBe('Committed');
    const log = (await ns.admin('GET', '/requests')).body.requests;
    expect(log.some((entry: { faultInjected?: string }) => entry.faultInjected?.startsWith('timeoutAfterCommit'))).toBe(true);
  });

  it('connection reset: the request never runs', async () => {
    await setFaults([{ match: { method: 'POST', path: '/record/v1/customer$' }, resetRate: 1 }]);
    await expect(ns.call('POST', rec('customer'), { body: { companyName: 'Never', subsidiary: { externalId: 'US' }, externalId: 'RST-1' } })).rejects.toThrow();
    await setFaults([]);
    expect((await ns.call('GET', rec('customer/eid:RST-1'))).status).toBe(404);
  });

  it('snapshots, restores, inspects and resets the account (reference data comes back)', async () => {
    const snapshot = (await ns.admin('POST', '/snapshot')).body.id;
    await ns.call('POST', rec('customer'), { body: { companyName: 'Ephemeral', subsidiary: { externalId: 'US' }, externalId: 'EPH' } });
    const inspected = (await ns.admin('GET', '/records/customer')).body.records;
    expect(inspected.some((record: { externalId?: string }) => record.externalId === 'EPH')).toBe(true);
    await ns.admin('POST', `/restore/${snapshot}`);
    expect((await ns.call('GET', rec('customer/eid:EPH'))).status).toBe(404);
    expect((await ns.call('GET', rec('customer/eid:TAC-1'))).status).toBe(200);
    await ns.admin('POST', '/reset');
    const summary = (await ns.admin('GET', '/records')).body.counts;
    expect(summary).toMatchObject({ customer: 0, currency: 5, subsidiary: 3, accountingPeriod: 36 });
  });
});
