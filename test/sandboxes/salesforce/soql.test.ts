import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxClock } from '../../../src/sandboxes/kit/clock.js';
import { findObject } from '../../../src/sandboxes/salesforce/metadata/catalog.js';
import { executeSoql } from '../../../src/sandboxes/salesforce/soql/execute.js';
import { parseSoql } from '../../../src/sandboxes/salesforce/soql/parser.js';
import { dateLiteralRange } from '../../../src/sandboxes/salesforce/soql/date-literals.js';
import { createSalesforceStore } from '../../../src/sandboxes/salesforce/store.js';
import { SalesforceApiError } from '../../../src/sandboxes/salesforce/errors.js';
import { startTestSandbox, type TestSandbox } from './support.js';

// Wednesday 2026-03-04 10:00 UTC.
const clock = createSandboxClock('2026-03-04T10:00:00Z', 'manual');
const store = createSalesforceStore({ clock, onCommit: () => undefined });
const ctx = { clientId: 'c', userId: '0058d0000000001AAA', version: '61.0' };
const opp = findObject('Opportunity')!;
const acct = findObject('Account')!;

const run = (soql: string, includeDeleted = false) => executeSoql(parseSoql(soql), { store, now: clock.now(), includeDeleted, version: '61.0' });
const names = (soql: string) => run(soql).records.map((r) => r.Name);
const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof SalesforceApiError) return { status: error.status, errorCode: error.errorCode, message: error.message };
    throw error;
  }
  throw new Error('expected a Salesforce error');
};

beforeAll(() => {
  store.transaction(ctx, () => {
    store.create(opp, { Name: 'Alpha', StageName: 'Closed Won', CloseDate: '2026-03-04', Amount: 5000, Type: 'New Business' });
    store.create(opp, { Name: 'beta', StageName: 'Prospecting', CloseDate: '2026-03-03', Amount: 15000 });
    store.create(opp, { Name: 'Gamma 100%', StageName: 'Closed Lost', CloseDate: '2026-02-10', Amount: null });
    store.create(opp, { Name: "O'Brien deal", StageName: 'Qualification', CloseDate: '2026-04-20', Amount: 700 });
    store.create(acct, { Name: 'Gone' });
  });
  const gone = run("SELECT Id FROM Account WHERE Name = 'Gone'").records[0]!.Id as string;
  store.transaction(ctx, () => store.remove(acct, gone));
});

describe('SOQL parser', () => {
  it('parses fields, conditions, order, limit and offset', () => {
    const q = parseSoql("select Id, Name from Opportunity where (Amount > 10 or Name like 'a%') and not IsWon = true order by Name desc nulls first, Id limit 5 offset 1");
    expect(q).toMatchObject({ fields: ['Id', 'Name'], from: 'Opportunity', limit: 5, offset: 1 });
    expect(q.where).toMatchObject({ kind: 'and', operands: [{ kind: 'or' }, { kind: 'not' }] });
    expect(q.orderBy).toEqual([{ field: 'Name', direction: 'DESC', nulls: 'FIRST' }, { field: 'Id', direction: 'ASC', nulls: 'FIRST' }]);
  });

  it('rejects malformed queries, including AND and OR mixed without parentheses', () => {
    for (const bad of ['SELECT FROM Account', 'SELECT Id Account', "SELECT Id FROM Account WHERE Name = 'a' AND Name = 'b' OR Name = 'c'", 'SELECT Id FROM Account LIMIT x', "SELECT Id FROM Account WHERE Name = 'open", 'SELECT Id FROM Account WHERE']) {
      expect(errorOf(() => parseSoql(bad)).errorCode).toBe('MALFORMED_QUERY');
    }
    expect(errorOf(() => parseSoql('SELECT Id FROM Account WHERE')).message).toContain('unexpected token: <EOF>');
  });
});

describe('SOQL executor', () => {
  it('filters with comparisons, IN, LIKE (case-insensitive), null and boolean literals', () => {
    expect(names("SELECT Name FROM Opportunity WHERE Amount >= 5000 ORDER BY Amount")).toEqual(['Alpha', 'beta']);
    expect(names("SELECT Name FROM Opportunity WHERE Amount = null")).toEqual(['Gamma 100%']);
    expect(names("SELECT Name FROM Opportunity WHERE Amount != null AND Amount < 1000")).toEqual(["O'Brien deal"]);
    expect(names("SELECT Name FROM Opportunity WHERE StageName IN ('closed won', 'Closed Lost') ORDER BY Name")).toEqual(['Alpha', 'Gamma 100%']);
    expect(names("SELECT Name FROM Opportunity WHERE StageName NOT IN ('Closed Won', 'Closed Lost') ORDER BY Name")).toEqual(['beta', "O'Brien deal"]);
    expect(names("SELECT Name FROM Opportunity WHERE Name LIKE 'A%'")).toEqual(['Alpha']);
    expect(names("SELECT Name FROM Opportunity WHERE Name LIKE '%100\\%'")).toEqual(['Gamma 100%']);
    expect(names("SELECT Name FROM Opportunity WHERE Name = 'o\\'brien DEAL'")).toEqual(["O'Brien deal"]);
    expect(names('SELECT Name FROM Opportunity WHERE IsWon = true')).toEqual(['Alpha']);
    expect(names("SELECT Name FROM Opportunity WHERE NOT (IsClosed = true OR Amount > 1000)")).toEqual(["O'Brien deal"]);
    expect(names("SELECT Name FROM Opportunity WHERE Type != 'New Business' ORDER BY Name")).toEqual(['beta', 'Gamma 100%', "O'Brien deal"]);
  });

  it('sorts case-insensitively with NULLS FIRST/LAST and pages with LIMIT/OFFSET', () => {
    expect(names('SELECT Name FROM Opportunity ORDER BY Name')).toEqual(['Alpha', 'beta', 'Gamma 100%', "O'Brien deal"]);
    expect(names('SELECT Name FROM Opportunity ORDER BY Amount DESC')).toEqual(['beta', 'Alpha', "O'Brien deal", 'Gamma 100%']);
    expect(names('SELECT Name FROM Opportunity ORDER BY Amount ASC NULLS LAST')).toEqual(["O'Brien deal", 'Alpha', 'beta', 'Gamma 100%']);
    expect(names('SELECT Name FROM Opportunity ORDER BY Name LIMIT 2 OFFSET 1')).toEqual(['beta', 'Gamma 100%']);
    expect(run('SELECT COUNT() FROM Opportunity WHERE IsClosed = true')).toMatchObject({ totalSize: 2, records: [] });
  });

  it('compares dates, datetimes and date literals on the sandbox clock', () => {
    expect(names('SELECT Name FROM Opportunity WHERE CloseDate = TODAY')).toEqual(['Alpha']);
    expect(names('SELECT Name FROM Opportunity WHERE CloseDate = YESTERDAY')).toEqual(['beta']);
    expect(names('SELECT Name FROM Opportunity WHERE CloseDate < THIS_MONTH')).toEqual(['Gamma 100%']);
    expect(names('SELECT Name FROM Opportunity WHERE CloseDate = NEXT_MONTH')).toEqual(["O'Brien deal"]);
    expect(names('SELECT Name FROM Opportunity WHERE CloseDate = LAST_N_DAYS:30 ORDER BY Name')).toEqual(['Alpha', 'beta', 'Gamma 100%']);
    expect(names('SELECT Name FROM Opportunity WHERE CloseDate > 2026-03-03 AND CloseDate <= 2026-04-30 ORDER BY Name')).toEqual(['Alpha', "O'Brien deal"]);
    expect(names('SELECT Name FROM Opportunity WHERE CreatedDate >= 2026-03-04T10:00:00Z')).toHaveLength(4);
    expect(names('SELECT Name FROM Opportunity WHERE SystemModstamp > 2026-03-04T10:00:00.000+00:00')).toHaveLength(0);
    expect(names('SELECT Name FROM Opportunity WHERE CreatedDate = TODAY')).toHaveLength(4);
  });

  it('date literal ranges: weeks start on Sunday, LAST_N_DAYS includes today, NEXT_N_DAYS starts tomorrow', () => {
    const now = new Date('2026-03-04T10:00:00Z');
    const iso = ([a, b]: [number, number]) => [new Date(a).toISOString().slice(0, 10), new Date(b).toISOString().slice(0, 10)];
    expect(iso(dateLiteralRange('THIS_WEEK', undefined, now))).toEqual(['2026-03-01', '2026-03-08']);
    expect(iso(dateLiteralRange('LAST_N_DAYS', 7, now))).toEqual(['2026-02-25', '2026-03-05']);
    expect(iso(dateLiteralRange('NEXT_N_DAYS', 2, now))).toEqual(['2026-03-05', '2026-03-07']);
    expect(iso(dateLiteralRange('THIS_QUARTER', undefined, now))).toEqual(['2026-01-01', '2026-04-01']);
    expect(iso(dateLiteralRange('LAST_YEAR', undefined, now))).toEqual(['2025-01-01', '2026-01-01']);
  });

  it('excludes deleted rows unless queryAll', () => {
    expect(run("SELECT Id FROM Account WHERE Name = 'Gone'").totalSize).toBe(0);
    expect(run("SELECT Id, IsDeleted FROM Account WHERE Name = 'Gone'", true).records[0]).toMatchObject({ IsDeleted: true });
  });

  it('reports unknown objects, unknown fields, relationships and mistyped literals', () => {
    expect(errorOf(() => run('SELECT Id FROM Nope__c'))).toMatchObject({ status: 400, errorCode: 'INVALID_TYPE' });
    expect(errorOf(() => run('SELECT Id, Nope FROM Account'))).toMatchObject({ errorCode: 'INVALID_FIELD' });
    expect(errorOf(() => run('SELECT Account.Name FROM Opportunity'))).toMatchObject({ errorCode: 'INVALID_FIELD' });
    expect(errorOf(() => run("SELECT Id FROM Opportunity WHERE Amount = '5'"))).toMatchObject({ errorCode: 'INVALID_QUERY_FILTER_OPERATOR' });
    expect(errorOf(() => run("SELECT Id FROM Opportunity WHERE CloseDate = '2026-03-04'"))).toMatchObject({ errorCode: 'INVALID_QUERY_FILTER_OPERATOR' });
    expect(errorOf(() => run('SELECT Id FROM Opportunity WHERE Amount LIKE 5'))).toMatchObject({ errorCode: 'MALFORMED_QUERY' });
  });
});

describe('SOQL over REST', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startTestSandbox({ queryBatchSize: 3 });
    const records = Array.from({ length: 8 }, (_, i) => ({ attributes: { type: 'Account' }, Name: `Paged ${String(i).padStart(2, '0')}` }));
    expect((await t.api('POST', 'composite/sobjects', { allOrNone: true, records })).status).toBe(200);
  });
  afterAll(async () => {
    await t.sandbox.stop();
  });

  it('pages with nextRecordsUrl until done', async () => {
    const first = await t.query("SELECT Id, Name FROM Account WHERE Name LIKE 'Paged%' ORDER BY Name");
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ totalSize: 8, done: false });
    expect(first.body.nextRecordsUrl).toMatch(/^\/services\/data\/v61\.0\/query\/01g[0-9A-Za-z]{15}-3$/);
    const all = [...first.body.records];
    let next = first.body.nextRecordsUrl as string | undefined;
    while (next) {
      const page = await t.api('GET', next);
      expect(page.body.totalSize).toBe(8);
      all.push(...page.body.records);
      next = page.body.done ? undefined : page.body.nextRecordsUrl;
      if (page.body.done) expect(page.body.nextRecordsUrl).toBeUndefined();
    }
    expect(all.map((r) => r.Name)).toEqual(Array.from({ length: 8 }, (_, i) => `Paged ${String(i).padStart(2, '0')}`));
    expect(all[0].attributes.type).toBe('Account');
    expect((await t.api('GET', 'query/01gBOGUS0000000AAA-3')).body[0].errorCode).toBe('INVALID_QUERY_LOCATOR');
  });

  it('answers MALFORMED_QUERY and INVALID_FIELD in array form', async () => {
    const malformed = await t.query('SELECT Id FROM');
    expect(malformed.status).toBe(400);
    expect(malformed.body[0].errorCode).toBe('MALFORMED_QUERY');
    const invalid = await t.query('SELECT Nope__c FROM Account');
    expect(invalid.body[0].errorCode).toBe('INVALID_FIELD');
  });
});
