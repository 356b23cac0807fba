import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contractUrl, loadContract, readContractText, responseDifferences, shapeDifferences, urlForm, xmlShapeOf, type ContractVendor } from './contract.js';

const vendors: ContractVendor[] = ['netsuite', 'salesforce', 'workday', 'anaplan'];

describe('contract fixtures name their source', () => {
  for (const vendor of vendors) {
    it(`${vendor}: every fixture names a vendor page and what was adapted, and the README lists it`, () => {
      const files = readdirSync(contractUrl(vendor, '')).filter((file) => file !== 'README.md');
      expect(files.length).toBeGreaterThan(0);
      const readme = readContractText(vendor, 'README.md');
      for (const file of files) {
        expect(readme, `${vendor}/README.md lists ${file}`).toContain(file);
        if (file.endsWith('.json')) {
          const { _source: source } = loadContract(vendor, file.slice(0, -'.json'.length));
          expect(source.url, file).toMatch(/^https:\/\//);
          expect(source.adapted, file).toBeTruthy();
        } else {
          const text = readFileSync(contractUrl(vendor, file), 'utf8');
          expect(text, file).toMatch(/_source:[\s\S]*url: https:\/\/[\s\S]*adapted:/);
        }
      }
    });
  }
});

describe('shapeDifferences compares keys and JSON kinds, not values', () => {
  const documented = { id: '1', count: 2, hasMore: false, items: [{ links: [], id: '7', note: null }, { links: [], id: '8', extra: 'x' }] };

  it('accepts other values of the same kinds and keys the example lacks', () => {
    expect(shapeDifferences({ id: '2', count: 9, hasMore: true, items: [{ links: [{ rel: 'self' }], id: '1', note: 5 }], more: 1 }, documented)).toEqual([]);
  });

  it('reports a changed kind, a missing key and a null where a value is documented, with the path', () => {
    expect(shapeDifferences({ id: 1, hasMore: null, items: [{ id: '1' }] }, documented)).toEqual([
      'id: documented string, got number',
      'count: documented number, missing',
      'hasMore: documented boolean, got null',
      'items[].links: documented array, missing',
    ]);
  });

  it('merges documented array elements: a key absent from some is optional, null in some is nullable', () => {
    const rows = { records: [{ Name: 'a', Website: 'w' }, { Name: 'b', Website: null, Extra: 1 }] };
    expect(shapeDifferences({ records: [{ Name: 'c', Website: null }] }, rows)).toEqual([]);
    expect(shapeDifferences({ records: [{ Website: 'x' }] }, rows)).toEqual(['records[].Name: documented string, missing']);
  });

  it('skips ignored (unverified) paths, allows listed nulls, and refuses extra keys only when asked', () => {
    expect(shapeDifferences({ hours: 7.5 }, { hours: '7:30' }, { ignore: ['hours'] })).toEqual([]);
    expect(shapeDifferences({ records: [{ A: null }] }, { records: [{ A: 's' }] }, { nullable: ['records[]'] })).toEqual([]);
    expect(shapeDifferences({ a: 1, b: 2 }, { a: 1 }, { allowExtraKeys: false })).toEqual(['b: not in the documented example']);
  });

  it('reads XML with every element an array, so one and several repeated elements have one shape', () => {
    const one = xmlShapeOf('<r><W><ID t="x">1</ID></W></r>');
    const two = xmlShapeOf('<r><W><ID t="x">1</ID><ID t="y">2</ID></W><W><ID t="x">3</ID></W></r>');
    expect(shapeDifferences(two, one)).toEqual([]);
    expect(shapeDifferences(xmlShapeOf('<r><V/></r>'), one)).toEqual(['r[].W: documented array, missing']);
  });
});

describe('responseDifferences compares status, documented headers by form, and the body by shape', () => {
  const contract = {
    _source: { title: 't', url: 'https://example.test', adapted: 'none' },
    response: { status: 202, headers: { Location: '/services/rest/async/v1/job/123456', 'Content-Type': 'application/vnd.oracle.resource+json; type=singular' } },
  };

  it('tells an absolute Location from the documented relative one, and compares path templates', () => {
    expect(urlForm('/services/rest/async/v1/job/42')).toEqual({ form: 'origin-relative', template: '/services/rest/async/v1/job/{n}' });
    expect(urlForm('https://h.example/services/rest/record/v1/customer/647')).toEqual({ form: 'absolute', template: '/services/rest/record/v1/customer/{n}' });
    const headers = { location: 'http://127.0.0.1:9/services/rest/async/v1/job/1', 'content-type': 'application/vnd.oracle.resource+json; type=singular; charset=utf-8' };
    expect(responseDifferences({ status: 202, headers, body: undefined }, contract)).toEqual([
      'header Location: documented origin-relative (/services/rest/async/v1/job/123456), got absolute (http://127.0.0.1:9/services/rest/async/v1/job/1)',
    ]);
    expect(responseDifferences({ status: 200, headers: { location: '/services/rest/async/v1/task/1' }, body: { x: 1 } }, contract)).toEqual([
      'status: documented 202, got 200',
      'header Location: documented path /services/rest/async/v1/job/{n}, got /services/rest/async/v1/task/{n}',
      'header Content-Type: documented, missing',
      'body: documented none, got one',
    ]);
  });
});
