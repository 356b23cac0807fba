import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rec, startNetSuiteHarness, type NetSuiteHarness } from './support/netsuite-test-client.js';

describe('NetSuite sandbox SuiteQL', () => {
  let ns: NetSuiteHarness;
  beforeAll(async () => {
    ns = await startNetSuiteHarness();
    await ns.call('POST', rec('customer'), { body: { companyName: 'Northwind', subsidiary: { externalId: 'US' }, externalId: 'NW' } });
    await ns.call('POST', rec('customer'), { body: { companyName: 'Contoso', subsidiary: { externalId: 'UK' }, externalId: 'CO', email: 'ar@contoso.test' } });
    const lines = (rate: number) => ({ items: [{ item: { externalId: 'SVC-CONSULTING' }, quantity: 10, rate, taxCode: { externalId: 'EXEMPT' } }] });
    const invoices = [
      { entity: { externalId: 'NW' }, tranDate: '2026-01-20', item: lines(100) },
      { entity: { externalId: 'NW' }, tranDate: '2026-02-10', item: lines(150) },
      { entity: { externalId: 'CO' }, tranDate: '2026-02-25', item: lines(90) },
    ];
    for (const invoice of invoices) {
      expect((await ns.call('POST', rec('invoice'), { body: invoice })).status).toBe(204);
    }
  });
  afterAll(async () => ns.stop());

  const suiteql = (q: string, query = '') =>
    ns.call('POST', `/services/rest/query/v1/suiteql${query}`, { body: { q }, headers: { prefer: 'transient' } });

  it('selects columns with a WHERE, ORDER BY and the collection envelope; null columns are left out', async () => {
    const result = await suiteql("SELECT id, companyname, email FROM customer WHERE companyname LIKE '%o%' ORDER BY companyname DESC");
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ count: 2, hasMore: false, offset: 0, totalResults: 2 });
    expect(result.body.items).toEqual([
      { links: [], id: expect.any(String), companyname: 'Northwind' },
      { links: [], id: expect.any(String), companyname: 'Contoso', email: 'ar@contoso.test' },
    ]);
  });

  it('compares dates with TO_DATE and date strings, IN lists, IS NULL and BETWEEN; TO_CHAR formats instants; values as strings', async () => {
    const sinceFeb = await suiteql("SELECT tranid, total, trandate FROM invoice WHERE trandate >= TO_DATE('2026-02-01', 'YYYY-MM-DD') ORDER BY trandate");
    expect(sinceFeb.body.items).toEqual([
      { links: [], tranid: 'INV00002', total: '1500', trandate: '2/10/2026' },
      { links: [], tranid: 'INV00003', total: '900', trandate: '2/25/2026' },
    ]);
    const inList = await suiteql("SELECT tranid FROM invoice WHERE tranid IN ('INV00001', 'INV00003') AND memo IS NULL ORDER BY tranid");
    expect(inList.body.items.map((row: { tranid: string }) => row.tranid)).toEqual(['INV00001', 'INV00003']);
    const between = await suiteql("SELECT tranid FROM invoice WHERE total BETWEEN 950 AND 1500 OR trandate < '2026-01-21'");
    expect(between.body.items.map((row: { tranid: string }) => row.tranid)).toEqual(['INV00001', 'INV00002']);
    const stamped = await suiteql(`SELECT TO_CHAR(lastmodifieddate, 'YYYY-MM-DD"T"HH24:MI:SS') AS modified FROM customer WHERE lastmodifieddate >= '2026-03-15' AND NOT companyname = 'Contoso'`);
    expect(stamped.body.items).toEqual([{ links: [], modified: '2026-03-15T12:00:00' }]);
  });

  it('serves the transaction table with a type column and refs as internal ids', async () => {
    const customer = (await suiteql("SELECT id FROM customer WHERE companyname = 'Northwind'")).body.items[0].id;
    const rows = await suiteql(`SELECT t.id, t.type, t.entity, t.foreigntotal FROM transaction t WHERE t.type = 'CustInvc' AND t.entity = ${customer}`);
    expect(rows.body.items.map((row: { foreigntotal: string }) => row.foreigntotal)).toEqual(['1000', '1500']);
    expect(rows.body.items[0]).toMatchObject({ type: 'CustInvc', entity: customer });
  });

  it('aggregates with COUNT, SUM, MIN and MAX, with and without GROUP BY', async () => {
    const totals = await suiteql('SELECT COUNT(*) AS n, SUM(total) AS amount, MIN(trandate) AS first, MAX(total) AS biggest FROM invoice');
    expect(totals.body.items).toEqual([{ links: [], n: '3', amount: '3400', first: '1/20/2026', biggest: '1500' }]);
    const byEntity = await suiteql('SELECT entity, COUNT(*) AS n, SUM(amountremaining) AS open FROM invoice GROUP BY entity ORDER BY open DESC');
    expect(byEntity.body.items.map((row: { n: string; open: string }) => [row.n, row.open])).toEqual([['2', '2500'], ['1', '900']]);
    const none = await suiteql("SELECT COUNT(*) AS n, SUM(total) AS amount FROM invoice WHERE tranid = 'nope'");
    expect(none.body.items).toEqual([{ links: [], n: '0' }]);
    expect((await suiteql('SELECT tranid, COUNT(*) FROM invoice')).status).toBe(400);
  });

  it('pages with limit and offset query parameters', async () => {
    const first = await suiteql('SELECT id FROM accountingperiod ORDER BY id', '?limit=10&offset=0');
    expect(first.body).toMatchObject({ count: 10, hasMore: true, totalResults: 36, offset: 0 });
    const last = await suiteql('SELECT id FROM accountingperiod ORDER BY id', '?limit=10&offset=30');
    expect(last.body).toMatchObject({ count: 6, hasMore: false, offset: 30 });
    expect(last.body.items[5].id).toBe(String(Number(first.body.items[0].id) + 35));
  });

  it('requires Prefer: transient and rejects queries outside the subset with the NetSuite error form', async () => {
    const noPrefer = await ns.call('POST', '/services/rest/query/v1/suiteql', { body: { q: 'SELECT id FROM customer' } });
    expect(noPrefer.status).toBe(400);
    for (const q of ['SELECT id FROM nowhere', 'SELECT id FROM customer JOIN job ON 1 = 1', 'SELECT shoesize FROM customer', 'DELETE FROM customer', 'SELECT id FROM customer WHERE COUNT(*) > 1']) {
      const bad = await suiteql(q);
      expect(bad.status, q).toBe(400);
      expect(bad.body['o:errorDetails'][0]['o:errorCode']).toBe('INVALID_PARAMETER');
    }
  });
});
