import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from './support.js';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t.sandbox.stop();
});
const count = async (soql: string) => (await t.query(soql)).body.totalSize as number;

describe('sObject collections', () => {
  it('creates, updates, retrieves and deletes many; allOrNone=false reports per record', async () => {
    const created = await t.api('POST', 'composite/sobjects', {
      allOrNone: false,
      records: [
        { attributes: { type: 'Account' }, Name: 'Col A' },
        { attributes: { type: 'Opportunity' }, Name: 'Col bad' },
        { attributes: { type: 'Account' }, Name: 'Col B' },
      ],
    });
    expect(created.status).toBe(200);
    expect(created.body[0]).toEqual({ id: expect.stringMatching(/^001/), success: true, errors: [] });
    expect(created.body[1]).toEqual({ success: false, errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: expect.any(String), fields: ['StageName', 'CloseDate'] }] });
    const [a, , b] = created.body as { id: string }[];

    const updated = await t.api('PATCH', 'composite/sobjects', { allOrNone: false, records: [{ attributes: { type: 'Account' }, id: a!.id, Industry: 'Consulting' }] });
    expect(updated.body).toEqual([{ id: a!.id, success: true, errors: [] }]);

    const retrieved = await t.api('GET', `composite/sobjects/Account?ids=${a!.id},${b!.id},001000000000000AAA&fields=Name,Industry`);
    expect(retrieved.body).toEqual([
      { attributes: expect.any(Object), Name: 'Col A', Industry: 'Consulting' },
      { attributes: expect.any(Object), Name: 'Col B', Industry: null },
      null,
    ]);

    const deleted = await t.api('DELETE', `composite/sobjects?ids=${a!.id},${b!.id}&allOrNone=false`);
    expect(deleted.body).toEqual([{ id: a!.id, success: true, errors: [] }, { id: b!.id, success: true, errors: [] }]);
    expect(await count("SELECT Id FROM Account WHERE Name LIKE 'Col %'")).toBe(0);
  });

  it('allOrNone=true rolls back every record when one fails', async () => {
    const res = await t.api('POST', 'composite/sobjects', {
      allOrNone: true,
      records: [{ attributes: { type: 'Account' }, Name: 'Atomic A' }, { attributes: { type: 'Account' } }],
    });
    expect(res.body[0]).toMatchObject({ success: false, errors: [{ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK' }] });
    expect(res.body[1]).toMatchObject({ success: false, errors: [{ statusCode: 'REQUIRED_FIELD_MISSING' }] });
    expect(await count("SELECT Id FROM Account WHERE Name = 'Atomic A'")).toBe(0);
    expect(t.sandbox.cdc.since(-1).events.some((e) => e.payload.Name === 'Atomic A')).toBe(false);
  });

  it('a rolled-back upsert leaves no external id behind (regression: the external-id index must follow rollbacks)', async () => {
    const records = [
      { attributes: { type: 'Account' }, Throughline_Id__c: 'RB-1', Name: 'Rolled back' },
      { attributes: { type: 'Account' }, Throughline_Id__c: 'RB-2', Name: 'Bad', CurrencyIsoCode: 'XXX' },
    ];
    const failed = await t.api('PATCH', 'composite/sobjects/Account/Throughline_Id__c', { allOrNone: true, records });
    expect(failed.body.map((r: { success: boolean }) => r.success)).toEqual([false, false]);
    expect((await t.api('GET', 'sobjects/Account/Throughline_Id__c/RB-1')).status).toBe(404);
    const again = await t.api('PATCH', 'sobjects/Account/Throughline_Id__c/RB-1', { Name: 'Now for real' });
    expect(again).toMatchObject({ status: 201, body: { created: true } });
  });

  it('upserts up to 200 records by external id and refuses 201', async () => {
    await t.api('PATCH', 'sobjects/pse__Proj__c/Throughline_Id__c/P-0', { Name: 'Existing project' });
    const records = Array.from({ length: 200 }, (_, i) => ({ attributes: { type: 'pse__Proj__c' }, Throughline_Id__c: `P-${i}`, Name: `Project ${i}` }));
    const res = await t.api('PATCH', 'composite/sobjects/pse__Proj__c/Throughline_Id__c', { allOrNone: true, records });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(200);
    expect(res.body[0]).toEqual({ id: expect.stringMatching(/^a1H/), success: true, errors: [], created: false });
    expect(res.body[1]).toMatchObject({ success: true, created: true });
    expect(await count("SELECT COUNT() FROM pse__Proj__c WHERE Throughline_Id__c LIKE 'P-%'")).toBe(200);
    expect((await t.api('GET', 'sobjects/pse__Proj__c/Throughline_Id__c/P-0?fields=Name')).body.Name).toBe('Project 0');

    const tooMany = await t.api('PATCH', 'composite/sobjects/pse__Proj__c/Throughline_Id__c', { records: [...records, { ...records[0] }] });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body[0].errorCode).toBe('EXCEEDED_ID_LIMIT');

    const dupes = await t.api('PATCH', 'composite/sobjects/pse__Proj__c/Throughline_Id__c', { allOrNone: false, records: [records[5], records[5]] });
    expect(dupes.body.map((r: { errors: { statusCode: string }[] }) => r.errors[0]?.statusCode)).toEqual(['DUPLICATE_EXTERNAL_ID', 'DUPLICATE_EXTERNAL_ID']);
  });
});

describe('composite', () => {
  it('chains subrequests with @{ref} references', async () => {
    const res = await t.api('POST', 'composite', {
      allOrNone: true,
      compositeRequest: [
        { method: 'POST', url: '/services/data/v61.0/sobjects/Account', referenceId: 'acct', body: { Name: 'Composite Co' } },
        { method: 'POST', url: '/services/data/v61.0/sobjects/Opportunity', referenceId: 'opp', body: { Name: 'Composite deal', AccountId: '@{acct.id}', StageName: 'Closed Won', CloseDate: '2026-03-31' } },
        { method: 'GET', url: '/services/data/v61.0/sobjects/Opportunity/@{opp.id}?fields=AccountId,IsWon', referenceId: 'read' },
        { method: 'GET', url: "/services/data/v61.0/query?q=SELECT+Id+FROM+Account+WHERE+Name+%3D+'Composite+Co'", referenceId: 'q' },
        { method: 'PATCH', url: '/services/data/v61.0/sobjects/Account/@{q.records[0].Id}', referenceId: 'upd', body: { Industry: 'Services' } },
      ],
    });
    expect(res.status).toBe(200);
    const [acct, opp, read, q, upd] = res.body.compositeResponse;
    expect(acct).toMatchObject({ httpStatusCode: 201, referenceId: 'acct' });
    expect(opp.httpStatusCode).toBe(201);
    expect(read.body).toMatchObject({ AccountId: acct.body.id, IsWon: true });
    expect(q.body.records[0].Id).toBe(acct.body.id);
    expect(upd.httpStatusCode).toBe(204);
  });

  it('allOrNone rolls back earlier subrequests; without it later ones still run but broken references halt', async () => {
    const atomic = await t.api('POST', 'composite', {
      allOrNone: true,
      compositeRequest: [
        { method: 'POST', url: '/services/data/v61.0/sobjects/Account', referenceId: 'a', body: { Name: 'Rolled back Co' } },
        { method: 'POST', url: '/services/data/v61.0/sobjects/Opportunity', referenceId: 'b', body: { Name: 'missing stage', AccountId: '@{a.id}' } },
        { method: 'POST', url: '/services/data/v61.0/sobjects/Account', referenceId: 'c', body: { Name: 'Never Co' } },
      ],
    });
    expect(atomic.status).toBe(200);
    const [a, b, c] = atomic.body.compositeResponse;
    expect(a.body[0].errorCode).toBe('PROCESSING_HALTED');
    expect(b.body[0].errorCode).toBe('REQUIRED_FIELD_MISSING');
    expect(c.body[0].errorCode).toBe('PROCESSING_HALTED');
    expect(await count("SELECT Id FROM Account WHERE Name IN ('Rolled back Co', 'Never Co')")).toBe(0);

    const partial = await t.api('POST', 'composite', {
      allOrNone: false,
      compositeRequest: [
        { method: 'POST', url: '/services/data/v61.0/sobjects/Opportunity', referenceId: 'bad', body: { Name: 'missing stage' } },
        { method: 'GET', url: '/services/data/v61.0/sobjects/Opportunity/@{bad.id}', referenceId: 'dependent' },
        { method: 'POST', url: '/services/data/v61.0/sobjects/Account', referenceId: 'ok', body: { Name: 'Partial Co' } },
      ],
    });
    const [bad, dependent, ok] = partial.body.compositeResponse;
    expect(bad.httpStatusCode).toBe(400);
    expect(dependent.body[0].errorCode).toBe('PROCESSING_HALTED');
    expect(ok.httpStatusCode).toBe(201);
  });

  it('refuses more than 25 subrequests', async () => {
    const compositeRequest = Array.from({ length: 26 }, (_, i) => ({ method: 'GET', url: '/services/data/v61.0/limits', referenceId: `r${i}` }));
    const res = await t.api('POST', 'composite', { compositeRequest });
    expect(res.status).toBe(400);
    expect(res.body[0].errorCode).toBe('LIMIT_EXCEEDED');
  });
});
