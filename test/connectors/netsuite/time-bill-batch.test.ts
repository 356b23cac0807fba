import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setPeriodClosed } from '../../../src/sandboxes/netsuite/rules/accounting-periods.js';
import { startConnectorHarness, type ConnectorHarness } from './support/harness.js';
import { setUpLedger, type LedgerFixture } from './support/ledger-fixture.js';

describe('NetSuite time bills: async collection upsert', () => {
  let h: ConnectorHarness;
  let f: LedgerFixture;
  beforeAll(async () => {
    h = await startConnectorHarness();
    f = await setUpLedger(h.connector);
  });
  afterAll(() => h.stop());
  beforeEach(async () => {
    await fetch(`${h.sandbox.adminUrl}/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules: [] }) });
  });
  const jobCount = () => Object.keys(h.sandbox.store.state.asyncJobs).length;

  it('posts 500 bills with 2 bad ones: 498 ok, 2 NonRetryable outcomes in NetSuite\'s words, in input order', async () => {
    setPeriodClosed(h.sandbox.store, '2026-01', true);
    const bills = Array.from({ length: 500 }, (_, n) => f.bill(n));
    bills[17] = { ...bills[17]!, employee: { ...f.employee, id: '999999' } };
    bills[301] = { ...bills[301]!, workDate: '2026-01-20' };
    const jobsBefore = jobCount();
    const outcomes = await h.connector.ledger.upsertTimeBills(bills);

    expect(outcomes.map((o) => o.externalId)).toEqual(bills.map((b) => b.externalId));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(498);
    const bad = outcomes.flatMap((o, k) => (o.ok ? [] : [{ k, failure: o.failure }]));
    expect(bad.map((b) => b.k)).toEqual([17, 301]);
    expect(bad[0]!.failure).toMatchObject({ name: 'NonRetryableError', vendorCode: 'INVALID_KEY_OR_REF', message: expect.stringContaining("Invalid 'employee' reference key id 999999") });
    expect(bad[1]!.failure).toMatchObject({ name: 'NonRetryableError', vendorCode: 'USER_ERROR', message: expect.stringContaining('is closed') });
    expect(jobCount() - jobsBefore).toBe(1);
    const stored = h.sandbox.store.list('timeBill');
    expect(stored).toHaveLength(498);
    const ok = outcomes[0]!;
    expect(ok.ok && ok.created && h.sandbox.store.get('timeBill', ok.record.id)?.externalId).toBe(bills[0]!.externalId);
  });

  it('a retried batch carries the same idempotency key and lands on the same job (no second job, no duplicates)', async () => {
    const bills = Array.from({ length: 20 }, (_, n) => f.bill(1000 + n));
    // The submit commits, then the connection drops every time: the outcome is unknown.
    await fetch(`${h.sandbox.adminUrl}/faults`, {
      method: 'PUT', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ match: { method: 'PUT', path: '/record/v1/timeBill$' }, timeoutAfterCommitRate: 1 }] }),
    });
    const jobsBefore = jobCount();
    const lost = await h.connector.ledger.upsertTimeBills(bills);
    expect(lost.every((o) => !o.ok && o.failure.name === 'RetryableError')).toBe(true);
    expect(jobCount() - jobsBefore).toBe(1);

    await fetch(`${h.sandbox.adminUrl}/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules: [] }) });
    const retried = await h.connector.ledger.upsertTimeBills(bills);
    expect(retried.every((o) => o.ok)).toBe(true);
    expect(jobCount() - jobsBefore).toBe(1);
    const keys = new Set(Object.values(h.sandbox.store.state.asyncJobs).map((job) => job.idempotencyKey));
    expect(keys.size).toBe(jobCount());
    for (const b of bills) expect(h.sandbox.store.list('timeBill').filter((r) => r.externalId === b.externalId)).toHaveLength(1);
  });

  it('a correction of the same bills is a new job that updates the same records', async () => {
    const bills = Array.from({ length: 5 }, (_, n) => f.bill(2000 + n));
    await h.connector.ledger.upsertTimeBills(bills);
    const count = h.sandbox.store.list('timeBill').length;
    const corrected = await h.connector.ledger.upsertTimeBills(bills.map((b) => ({ ...b, hours: '3.25' })));
    expect(corrected.every((o) => o.ok && !o.created)).toBe(true);
    expect(h.sandbox.store.list('timeBill')).toHaveLength(count);
    expect(h.sandbox.store.findByExternalId('timeBill', bills[0]!.externalId)).toMatchObject({ hours: '3.25' });
  });

  // Regression (found holding the sandbox to Oracle's published examples): NetSuite answers a repeated
  // X-NetSuite-Idempotency-Key with 400 IDEMPOTENCY_ERROR and the earlier job's Location. A batch whose
  // first answer was lost (the job committed) got that 400 on its retry and failed whole as
  // non-retryable — an exception for time that was in fact posted.
  it('a retried submit answered IDEMPOTENCY_ERROR awaits the job its first submit created: every bill once, all outcomes ok', async () => {
    // The first collection upsert commits, then its connection drops; the retry repeats the same key.
    await fetch(`${h.sandbox.adminUrl}/faults`, {
      method: 'PUT', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ match: { method: 'PUT', path: '^/services/rest/record/v1/timeBill$' }, timeoutAfterCommitRate: 1, limit: 1 }] }),
    });
    const since = (await h.requestLog()).length;
    const bills = Array.from({ length: 5 }, (_, n) => f.bill(3000 + n));
    // The connector sends the batch once: the lost answer is each bill's retryable failure.
    const lost = await h.connector.ledger.upsertTimeBills(bills);
    expect(lost.map((o) => !o.ok && o.failure.name)).toEqual(Array.from({ length: 5 }, () => 'RetryableError'));
    // The flow's retry repeats the key and lands on the committed job.
    const outcomes = await h.connector.ledger.upsertTimeBills(bills);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true, true, true]);
    const submits = (await h.requestLog()).slice(since).filter((e) => e.method === 'PUT' && /\/record\/v1\/timeBill$/.test(e.path));
    expect(submits.map((e) => e.status)).toEqual([0, 400]);
    for (const b of bills) expect(h.sandbox.store.list('timeBill').filter((r) => r.externalId === b.externalId)).toHaveLength(1);
  });
});
