import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idFromLocation, rec, startNetSuiteHarness, type NetSuiteHarness, type NetSuiteResponse } from './support/netsuite-test-client.js';

const detail = (response: NetSuiteResponse) => response.body['o:errorDetails'][0];

describe('NetSuite sandbox accounting periods', () => {
  let ns: NetSuiteHarness;
  beforeAll(async () => {
    ns = await startNetSuiteHarness();
    await ns.call('POST', rec('customer'), { body: { companyName: 'Periodic', subsidiary: { externalId: 'UK' }, externalId: 'PER' } });
    await ns.call('POST', rec('employee'), { body: { firstName: 'Pat', lastName: 'Period', subsidiary: { externalId: 'UK' }, externalId: 'E-PAT' } });
  });
  afterAll(async () => ns.stop());

  const postTime = (tranDate: string, externalId: string) =>
    ns.call('POST', rec('timeBill'), { body: { employee: { externalId: 'E-PAT' }, customer: { externalId: 'PER' }, hours: 8, tranDate, externalId } });

  it('rejects time and invoices dated in a closed period with USER_ERROR, and accepts them once reopened', async () => {
    const open = await postTime('2026-02-27', 'T-FEB-1');
    expect(open.status).toBe(204);
    const closed = await ns.admin('POST', '/periods/2026-02/close');
    expect(closed.body).toMatchObject({ periodName: 'Feb 2026', closed: true, startDate: '2026-02-01', endDate: '2026-02-28' });

    const rejected = await postTime('2026-02-28', 'T-FEB-2');
    expect(rejected.status).toBe(400);
    expect(detail(rejected)).toMatchObject({ 'o:errorCode': 'USER_ERROR', 'o:errorPath': 'tranDate' });
    expect(detail(rejected).detail).toMatch(/period Feb 2026 is closed/);
    const invoice = await ns.call('POST', rec('invoice'), {
      body: { entity: { externalId: 'PER' }, tranDate: '2026-02-15', item: { items: [{ item: { id: '1' }, amount: 10, taxCode: { externalId: 'UK-VAT-S' } }] } },
    });
    expect(detail(invoice)['o:errorCode']).toBe('USER_ERROR');
    expect((await postTime('2026-03-02', 'T-MAR-1')).status).toBe(204);

    // A posting already in the closed period can neither move nor be deleted.
    const moved = await ns.call('PATCH', rec('timeBill/eid:T-FEB-1'), { body: { tranDate: '2026-03-03' } });
    expect(detail(moved)['o:errorCode']).toBe('USER_ERROR');
    expect((await ns.call('DELETE', rec(`timeBill/${idFromLocation(open)}`))).status).toBe(400);

    await ns.admin('POST', '/periods/2026-02/open');
    expect((await postTime('2026-02-28', 'T-FEB-2')).status).toBe(204);
  });

  it('creates a missing period when closing it and lists periods in admin', async () => {
    await ns.admin('POST', '/periods/2030-07/close');
    const periods = (await ns.admin('GET', '/periods')).body.periods;
    expect(periods.find((p: { periodName: string }) => p.periodName === 'Jul 2030')).toMatchObject({ closed: true, endDate: '2030-07-31' });
    expect((await postTime('2030-07-04', 'T-2030')).status).toBe(400);
    expect((await ns.admin('POST', '/periods/2030-13/close')).status).toBe(400);
  });

  it('reports accounting periods through the record API', async () => {
    const q = encodeURIComponent('periodName IS "Feb 2026"');
    const list = await ns.call('GET', rec(`accountingPeriod?q=${q}`));
    const period = (await ns.call('GET', rec(`accountingPeriod/${list.body.items[0].id}`))).body;
    expect(period).toMatchObject({ periodName: 'Feb 2026', closed: false, startDate: '2026-02-01' });
  });
});
