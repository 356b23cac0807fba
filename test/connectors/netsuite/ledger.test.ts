import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemRef } from '../../../src/canonical/entities/refs.js';
import type { LedgerTimeBill } from '../../../src/connectors/ports/ledger.js';
import { sampleClient, sampleEngagement, sampleWorker, startConnectorHarness, type ConnectorHarness } from './support/harness.js';

describe('NetSuite LedgerPort against the sandbox', () => {
  let h: ConnectorHarness;
  let employee: SystemRef;
  let project: SystemRef;
  let customer: SystemRef;
  beforeAll(async () => {
    h = await startConnectorHarness();
    customer = await h.connector.ledger.upsertCustomer(sampleClient());
    project = await h.connector.ledger.upsertProject(sampleEngagement(), customer);
    employee = await h.connector.ledger.upsertEmployee(sampleWorker());
  });
  afterAll(() => h.stop());

  const bill = (day: number, overrides: Partial<LedgerTimeBill> = {}): LedgerTimeBill => ({
    externalId: `tl-tb-a0T${String(day).padStart(3, '0')}-2026-03-${String((day % 28) + 1).padStart(2, '0')}`,
    employee, project, workDate: `2026-03-${String((day % 28) + 1).padStart(2, '0')}`, hours: '7.5',
    rate: { amount: '150.00', currency: 'USD' }, billable: true, status: 'approved', memo: `day ${day}`, ...overrides,
  });

  it('upserts customer, project and employee idempotently by external id', async () => {
    const client = sampleClient('Globex');
    const first = await h.connector.ledger.upsertCustomer(client);
    const again = await h.connector.ledger.upsertCustomer({ ...client, name: 'Globex Corp' });
    expect(again).toEqual(first);
    expect(first).toMatchObject({ system: 'netsuite', connection: 'netsuite', objectType: 'customer', externalId: client.id });
    const stored = h.sandbox.store.list('customer').filter((c) => c.externalId === client.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.companyName).toBe('Globex Corp');
    // The worker's currency picked the US subsidiary (USD base currency).
    const worker = h.sandbox.store.get('employee', employee.id)!;
    expect(worker.subsidiary).toMatchObject({ id: h.sandbox.store.findByExternalId('subsidiary', 'US')!.id });
    expect(h.sandbox.store.get('job', project.id)!.parent).toMatchObject({ id: customer.id });
  });

  it('posts time bills through the async collection upsert, then updates and rejects the same records', async () => {
    const bills = [bill(1), bill(2), bill(3)];
    const outcomes = await h.connector.ledger.upsertTimeBills(bills);
    expect(outcomes.map((o) => o.ok && o.created)).toEqual([true, true, true]);
    const log = await h.requestLog();
    expect(log.some((e) => e.method === 'PUT' && /\/record\/v1\/timeBill$/.test(e.path) && e.status === 202)).toBe(true);
    const stored = h.sandbox.store.findByExternalId('timeBill', bills[0]!.externalId)!;
    expect(stored).toMatchObject({ hours: '7.5', rate: '150', isBillable: true, approvalStatus: { id: '3' }, tranDate: bills[0]!.workDate });

    const corrected = await h.connector.ledger.upsertTimeBills([bill(1, { hours: '6' }), bill(2, { status: 'rejected', billable: false, rate: undefined })]);
    expect(corrected.map((o) => o.ok && !o.created)).toEqual([true, true]);
    expect(h.sandbox.store.findByExternalId('timeBill', bills[0]!.externalId)).toMatchObject({ hours: '6' });
    expect(h.sandbox.store.findByExternalId('timeBill', bills[1]!.externalId)).toMatchObject({ approvalStatus: { id: '4' }, isBillable: false });
    expect(h.sandbox.store.list('timeBill')).toHaveLength(3);
    const listed = await h.connector.listTimeBills();
    expect(listed.find((b) => b.externalId === bills[0]!.externalId)).toMatchObject({ hours: '6', rate: '150', billable: true, status: 'approved', workDate: bills[0]!.workDate });
  });

  it('maps a worker\'s legal entity to a subsidiary: config map, then name, then currency; nothing -> NonRetryableError', async () => {
    const mapped = h.connect({ subsidiaries: { UK01: 'eid:UK' } });
    const subsidiaryOf = async (ref: SystemRef) => h.sandbox.store.get('employee', ref.id)!.subsidiary;
    const ukId = h.sandbox.store.findByExternalId('subsidiary', 'UK')!.id;
    const deId = h.sandbox.store.findByExternalId('subsidiary', 'DE')!.id;
    const uk = await mapped.ledger.upsertEmployee({ ...sampleWorker('E-UK', 'Ann Smith'), costRate: undefined, homeLegalEntityRef: { refs: [{ system: 'workday', connection: 'workday', objectType: 'Company', id: 'UK01' }] } });
    expect(await subsidiaryOf(uk)).toMatchObject({ id: ukId });
    const de = await h.connector.ledger.upsertEmployee({ ...sampleWorker('E-DE', 'Jan Meyer'), costRate: undefined, homeLegalEntityRef: { refs: [{ system: 'salesforce', connection: 'salesforce', objectType: 'Account', id: 'Throughline Consulting GmbH (DE)' }] } });
    expect(await subsidiaryOf(de)).toMatchObject({ id: deId });
    const byCurrency = await h.connector.ledger.upsertEmployee({ ...sampleWorker('E-GB', 'Tom Jones'), costRate: { amount: '60.00', currency: 'GBP' } });
    expect(await subsidiaryOf(byCurrency)).toMatchObject({ id: ukId });
    await expect(h.connector.ledger.upsertEmployee({ ...sampleWorker('E-XX', 'No Where'), costRate: undefined })).rejects.toMatchObject({
      name: 'NonRetryableError', message: expect.stringContaining('no NetSuite subsidiary for worker E-XX'),
    });
  });
});
