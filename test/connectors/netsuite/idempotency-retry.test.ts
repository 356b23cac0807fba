// Regression (found while holding the NetSuite sandbox to Oracle's published examples): NetSuite answers
// a repeated X-NetSuite-Idempotency-Key with 400 IDEMPOTENCY_ERROR and the earlier job's Location. A
// batch whose first answer was lost (the job committed) was retried, got that 400 and failed whole as
// non-retryable — an exception for time that was in fact posted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerTimeBill } from '../../../src/connectors/ports/ledger.js';
import { startConnectorHarness, type ConnectorHarness } from './support/harness.js';
import { setUpLedger, type LedgerFixture } from './support/ledger-fixture.js';

describe('NetSuite batch upsert after a lost answer', () => {
  let h: ConnectorHarness;
  let f: LedgerFixture;
  beforeAll(async () => {
    h = await startConnectorHarness();
    f = await setUpLedger(h.connector);
  });
  afterAll(() => h.stop());

  it('a retried submit answered IDEMPOTENCY_ERROR awaits the job its first submit created: every bill once, all outcomes ok', async () => {
    // The first collection upsert commits, then its connection drops; the retry repeats the same key.
    await fetch(`${h.sandbox.adminUrl}/faults`, {
      method: 'PUT', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ match: { method: 'PUT', path: '^/services/rest/record/v1/timeBill$' }, timeoutAfterCommitRate: 1, limit: 1 }] }),
    });
    const bills: LedgerTimeBill[] = Array.from({ length: 5 }, (_, n) => f.bill(900 + n));
    const outcomes = await h.connector.ledger.upsertTimeBills(bills);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true, true, true]);
    const log = await h.requestLog();
    const submits = log.filter((e) => e.method === 'PUT' && /\/record\/v1\/timeBill$/.test(e.path));
    expect(submits.map((e) => e.status)).toEqual([0, 400]);
    for (const b of bills) expect(h.sandbox.store.list('timeBill').filter((r) => r.externalId === b.externalId)).toHaveLength(1);
  });
});
