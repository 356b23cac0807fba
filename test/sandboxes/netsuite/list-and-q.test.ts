import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rec, startNetSuiteHarness, type NetSuiteHarness } from './support/netsuite-test-client.js';

describe('NetSuite sandbox record collections: q filters and paging', () => {
  let ns: NetSuiteHarness;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    ns = await startNetSuiteHarness({ seedReferenceData: true });
    const customers = [
      { companyName: 'Alpha Partners', externalId: 'Q-1', subsidiary: { externalId: 'US' }, email: 'ap@alpha.test' },
      { companyName: 'Alphabet Soup', externalId: 'Q-2', subsidiary: { externalId: 'UK' } },
      { companyName: 'Beta Works', externalId: 'Q-3', subsidiary: { externalId: 'US' }, email: 'hi@beta.test' },
      { companyName: 'Gamma Group', externalId: 'Q-4', subsidiary: { externalId: 'DE' } },
      { companyName: 'Delta Labs', externalId: 'Q-5', subsidiary: { externalId: 'US' } },
    ];
    for (const customer of customers) {
      const response = await ns.call('POST', rec('customer'), { body: customer });
      ids[customer.externalId] = response.headers.get('location')!.split('/').pop()!;
      ns.clock.advance(24 * 3600 * 1000);
      await ns.signIn(); // tokens live one hour of sandbox time
    }
  });
  afterAll(async () => ns.stop());

  const names = async (q: string) => {
    const list = await ns.call('GET', rec(`customer?q=${encodeURIComponent(q)}`));
    expect(list.status).toBe(200);
    const found: string[] = [];
    for (const item of list.body.items) found.push((await ns.call('GET', rec(`customer/${item.id}?fields=companyName`))).body.companyName);
    return found;
  };

  it('filters with IS, IS_NOT, CONTAIN, START_WITH, ANY_OF, EMPTY and EMPTY_NOT', async () => {
    expect(await names('companyName IS "Beta Works"')).toEqual(['Beta Works']);
    expect(await names('companyName START_WITH Alpha')).toEqual(['Alpha Partners', 'Alphabet Soup']);
    expect(await names('companyName CONTAIN "a l"')).toEqual(['Delta Labs']);
    expect(await names(`id ANY_OF [${ids['Q-1']}, ${ids['Q-4']}]`)).toEqual(['Alpha Partners', 'Gamma Group']);
    expect(await names('email EMPTY_NOT')).toEqual(['Alpha Partners', 'Beta Works']);
    expect((await names('email EMPTY')).length).toBe(3);
    expect(await names('companyName IS_NOT "Beta Works" AND email EMPTY_NOT')).toEqual(['Alpha Partners']);
  });

  it('combines AND before OR and filters references by id', async () => {
    expect(await names('companyName START_WITH Gamma OR companyName START_WITH Alpha AND email EMPTY')).toEqual(['Alphabet Soup', 'Gamma Group']);
    expect(await names('subsidiary ANY_OF [2, 3]')).toEqual(['Alphabet Soup', 'Gamma Group']);
  });

  it('filters dates with AFTER, ON_OR_AFTER, BEFORE, ON_OR_BEFORE and BETWEEN', async () => {
    // Customers were created a day apart from 2026-03-15.
    expect(await names('lastModifiedDate ON_OR_AFTER "2026-03-18"')).toEqual(['Gamma Group', 'Delta Labs']);
    expect(await names('lastModifiedDate AFTER "3/18/2026"')).toEqual(['Delta Labs']);
    expect(await names('createdDate BEFORE "2026-03-16"')).toEqual(['Alpha Partners']);
    expect(await names('createdDate ON_OR_BEFORE "2026-03-16"')).toEqual(['Alpha Partners', 'Alphabet Soup']);
    expect(await names('createdDate BETWEEN ["2026-03-16", "2026-03-17"]')).toEqual(['Alphabet Soup', 'Beta Works']);
    expect(await names('lastModifiedDate AFTER "2026-03-18T11:00:00Z"')).toEqual(['Gamma Group', 'Delta Labs']);
  });

  it('pages with limit and offset in the collection envelope', async () => {
    const first = await ns.call('GET', rec('customer?limit=2'));
    expect(first.body).toMatchObject({ count: 2, hasMore: true, offset: 0, totalResults: 5 });
    expect(first.body.items[0]).toEqual({ links: [{ rel: 'self', href: expect.stringMatching(/\/customer\/\d+$/) }], id: ids['Q-1'] });
    const next = first.body.links.find((link: { rel: string }) => link.rel === 'next').href as string;
    expect(next).toContain('offset=2');
    const last = await ns.call('GET', rec('customer?limit=2&offset=4'));
    expect(last.body).toMatchObject({ count: 1, hasMore: false, offset: 4, totalResults: 5 });
    expect(last.body.links.some((link: { rel: string }) => link.rel === 'next')).toBe(false);
    expect((await ns.call('GET', rec('customer?limit=1001'))).status).toBe(400);
  });

  it('rejects a malformed q with a 400 in the NetSuite error form', async () => {
    const bad = await ns.call('GET', rec(`customer?q=${encodeURIComponent('companyName SOUNDS_LIKE x')}`));
    expect(bad.status).toBe(400);
    expect(bad.body['o:errorDetails'][0]['o:errorCode']).toBe('INVALID_PARAMETER');
    const unknown = await ns.call('GET', rec(`customer?q=${encodeURIComponent('shoeSize IS 9')}`));
    expect(unknown.status).toBe(400);
  });
});
