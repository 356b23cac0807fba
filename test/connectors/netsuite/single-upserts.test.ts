import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnectorHarness, type ConnectorHarness } from './support/harness.js';
import { setUpLedger, type LedgerFixture } from './support/ledger-fixture.js';

const setFaults = (h: ConnectorHarness, rules: unknown[]) =>
  fetch(`${h.sandbox.adminUrl}/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seed: 3, rules }) });

describe('NetSuite time bills: single upserts (async collection upsert off)', () => {
  let h: ConnectorHarness;
  let f: LedgerFixture;
  beforeAll(async () => {
    h = await startConnectorHarness({ config: { asyncCollectionUpsert: false, singleUpsertConcurrency: 4 } });
    f = await setUpLedger(h.connector);
  });
  afterAll(() => h.stop());

  it('upserts each bill by PUT timeBill/eid:... and reports NetSuite\'s reason for a bad one', async () => {
    const bills = Array.from({ length: 12 }, (_, n) => f.bill(n));
    bills[5] = { ...bills[5]!, project: { ...f.project, id: '424242' } };
    const outcomes = await h.connector.ledger.upsertTimeBills(bills);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(11);
    expect(outcomes[5]).toMatchObject({ ok: false, failure: { name: 'NonRetryableError', vendorCode: 'INVALID_KEY_OR_REF' } });
    const log = await h.requestLog();
    expect(log.filter((e) => e.method === 'PUT' && /\/record\/v1\/timeBill\/eid:/.test(e.path))).toHaveLength(12);
    expect(log.some((e) => e.method === 'PUT' && /\/record\/v1\/timeBill$/.test(e.path))).toBe(false);
  });

  it('timeout after commit: the write is verified by external id and not sent twice', async () => {
    const bills = Array.from({ length: 8 }, (_, n) => f.bill(100 + n));
    await setFaults(h, [{ match: { method: 'PUT', path: '/record/v1/timeBill/eid:' }, timeoutAfterCommitRate: 1 }]);
    const outcomes = await h.connector.ledger.upsertTimeBills(bills);
    await setFaults(h, []);
    expect(outcomes.every((o) => o.ok && o.created)).toBe(true);
    const log = await h.requestLog();
    for (const b of bills) {
      expect(h.sandbox.store.list('timeBill').filter((r) => r.externalId === b.externalId)).toHaveLength(1);
      // One PUT (committed, then dropped) and one lookup by external id; no re-send.
      expect(log.filter((e) => e.method === 'PUT' && e.path.endsWith(`eid:${b.externalId}`))).toHaveLength(1);
      expect(log.filter((e) => e.method === 'GET' && e.path.endsWith(`eid:${b.externalId}`))).toHaveLength(1);
    }
  });

  it('a write lost before it committed is checked once by external id, then a RetryableError for the step: never re-sent here', async () => {
    const bills = Array.from({ length: 3 }, (_, n) => f.bill(200 + n));
    await setFaults(h, [{ match: { method: 'PUT', path: '/record/v1/timeBill/eid:' }, resetRate: 1 }]);
    const since = (await h.requestLog()).length;
    const outcomes = await h.connector.ledger.upsertTimeBills(bills);
    await setFaults(h, []);
    expect(outcomes.map((o) => !o.ok && o.failure.name)).toEqual(['RetryableError', 'RetryableError', 'RetryableError']);
    expect(outcomes.map((o) => !o.ok && o.failure.kind)).toEqual(['network', 'network', 'network']);
    const log = (await h.requestLog()).slice(since);
    for (const b of bills) {
      expect(h.sandbox.store.findByExternalId('timeBill', b.externalId)).toBeUndefined();
      expect(log.filter((e) => e.method === 'PUT' && e.path.endsWith(`eid:${b.externalId}`))).toHaveLength(1);
      expect(log.filter((e) => e.method === 'GET' && e.path.endsWith(`eid:${b.externalId}`))).toHaveLength(1);
    }
  });

  it('timeout after commit on a customer upsert: found by external id, one customer', async () => {
    await setFaults(h, [{ match: { method: 'PUT', path: '/record/v1/customer/eid:' }, timeoutAfterCommitRate: 1 }]);
    const { sampleClient } = await import('./support/harness.js');
    const client = sampleClient('Initech');
    const ref = await h.connector.ledger.upsertCustomer(client);
    await setFaults(h, []);
    expect(h.sandbox.store.list('customer').filter((c) => c.externalId === client.id)).toEqual([expect.objectContaining({ id: ref.id })]);
  });
});
