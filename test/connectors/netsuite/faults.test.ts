import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerTimeBill } from '../../../src/connectors/ports/ledger.js';
import { startConnectorHarness, type ConnectorHarness } from './support/harness.js';
import { setUpLedger, type LedgerFixture } from './support/ledger-fixture.js';

const faults = {
  seed: 5,
  rules: [
    { match: { path: '^/services/rest/(record|query|async)' }, errorRate: { '503': 0.1 } },
    { match: { path: '^/services/rest/record' }, timeoutAfterCommitRate: 0.05 },
    { match: { path: '^/services/rest/' }, storm: { everyN: 40, length: 3 } },
  ],
};

describe.each([
  ['async collection upsert', true],
  ['single upserts', false],
])('NetSuite time bills under 5xx, 429 storms and timeout-after-commit (%s)', (_title, asyncCollectionUpsert) => {
  let h: ConnectorHarness;
  let f: LedgerFixture;
  beforeAll(async () => {
    h = await startConnectorHarness({ config: { asyncCollectionUpsert, timeBillBatchSize: 50 } });
    f = await setUpLedger(h.connector);
    await fetch(`${h.sandbox.adminUrl}/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
  });
  afterAll(() => h.stop());

  it('retrying what failed (as the flow does) ends with every bill exactly once, as sent', async () => {
    const bills = Array.from({ length: 150 }, (_, n) => f.bill(n, { hours: n % 2 ? '7.5' : '4.25' }));
    let pending: LedgerTimeBill[] = bills;
    for (let round = 0; round < 15 && pending.length > 0; round++) {
      const outcomes = await h.connector.ledger.upsertTimeBills(pending).catch(() => undefined);
      if (!outcomes) continue;
      for (const o of outcomes) if (!o.ok) expect(o.failure.name).not.toBe('NonRetryableError');
      pending = pending.filter((_, k) => !outcomes[k]!.ok);
    }
    expect(pending).toEqual([]);
    const stored = h.sandbox.store.list('timeBill');
    expect(stored).toHaveLength(150);
    expect(new Set(stored.map((r) => r.externalId)).size).toBe(150);
    for (const b of bills) expect(h.sandbox.store.findByExternalId('timeBill', b.externalId)).toMatchObject({ hours: b.hours });
    const log = await h.requestLog();
    expect(log.some((e) => e.faultInjected)).toBe(true);
  });
});
