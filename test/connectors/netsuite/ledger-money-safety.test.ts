// Regression tests (issue 9 items 2 and 4): a currency NetSuite lacks, a rate in another currency than
// the project's, and a subsidiary lookup that failed (429) were all written as if nothing was wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemRef } from '../../../src/canonical/entities/refs.js';
import { sampleClient, sampleEngagement, sampleWorker, startConnectorHarness, type ConnectorHarness } from './support/harness.js';

describe('NetSuite ledger: money and safety checks against the sandbox', () => {
  let h: ConnectorHarness;
  let customer: SystemRef;
  beforeAll(async () => {
    h = await startConnectorHarness();
    customer = await h.connector.ledger.upsertCustomer(sampleClient('Initech'));
  });
  afterAll(() => h.stop());

  it('refuses a customer or project in a currency the account lacks (CHF) instead of writing it without one', async () => {
    await expect(h.connector.ledger.upsertCustomer({ ...sampleClient('Zurich AG'), currency: 'CHF' as const })).rejects.toMatchObject({
      name: 'NonRetryableError', details: { kind: 'currency_unknown' }, message: expect.stringContaining('no currency CHF'),
    });
    const chf = { ...sampleEngagement('PRJ-CHF'), currency: 'CHF' as const };
    await expect(h.connector.ledger.upsertProject(chf, customer)).rejects.toMatchObject({ name: 'NonRetryableError', details: { kind: 'currency_unknown' } });
    expect(h.sandbox.store.list('job').filter((j) => j.externalId === chf.id)).toEqual([]);
  });

  it('refuses a time bill whose rate is in another currency than its project, writing nothing for it', async () => {
    const project = await h.connector.ledger.upsertProject(sampleEngagement('PRJ-USD'), customer);
    const employee = await h.connector.ledger.upsertEmployee(sampleWorker('E-2001', 'Grace Hopper'));
    const base = { employee, project, workDate: '2026-03-02', hours: '3', billable: true, status: 'approved' as const, currency: 'USD' };
    const outcomes = await h.connector.ledger.upsertTimeBills([
      { ...base, externalId: 'tl-tb-jpy-1', rate: { amount: '20000', currency: 'JPY' } },
      { ...base, externalId: 'tl-tb-usd-1', rate: { amount: '150.00', currency: 'USD' } },
    ]);
    expect(outcomes[0]).toMatchObject({ ok: false, failure: { name: 'NonRetryableError', kind: 'currency_mismatch', message: expect.stringContaining('rate in JPY, project in USD') } });
    expect(outcomes[1], JSON.stringify(outcomes[1])).toMatchObject({ ok: true });
    expect(h.sandbox.store.findByExternalId('timeBill', 'tl-tb-jpy-1')).toBeUndefined();
  });

  it('fails a project write whose subsidiary lookup was throttled (retryable) instead of creating the job without its subsidiary', async () => {
    const engagement = {
      ...sampleEngagement('PRJ-THROTTLED'),
      legalEntityRef: { refs: [{ system: 'salesforce', connection: 'salesforce', objectType: 'pse__Region__c', id: 'a0R-NEW' }] },
    };
    await fetch(`${h.sandbox.adminUrl}/faults`, {
      method: 'PUT', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seed: 1, rules: [{ match: { path: '^/services/rest/query/', method: 'POST' }, storm: { everyN: 1, length: 1000 } }] }),
    });
    const attempt = await h.connector.ledger.upsertProject(engagement, customer).then(() => undefined, (error: unknown) => error);
    await fetch(`${h.sandbox.adminUrl}/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules: [] }) });
    expect(attempt).toBeDefined();
    expect((attempt as Error).name).not.toBe('NonRetryableError');
    expect(h.sandbox.store.list('job').filter((j) => j.externalId === engagement.id)).toEqual([]);

    // Once the lookup answers, the job is written complete: nothing identifies a subsidiary for this
    // entity, so it takes its customer's (NetSuite's rule for jobs), never a half-looked-up one.
    const project = await h.connector.ledger.upsertProject(engagement, customer);
    expect(h.sandbox.store.get('job', project.id)).toMatchObject({ parent: { id: customer.id } });
  });
});
