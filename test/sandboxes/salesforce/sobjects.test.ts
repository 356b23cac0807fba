import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from './support.js';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t.sandbox.stop();
});

describe('sObject REST', () => {
  it('creates (201), reads with attributes and ?fields=, updates (204) and deletes (204)', async () => {
    const created = await t.api('POST', 'sobjects/Account', { Name: 'Acme Consulting', BillingCountry: 'US' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.stringMatching(/^001[0-9A-Za-z]{15}$/), success: true, errors: [] });
    const id = created.body.id as string;

    const full = await t.api('GET', `sobjects/Account/${id}`);
    expect(full.status).toBe(200);
    expect(full.body.attributes).toEqual({ type: 'Account', url: `/services/data/v61.0/sobjects/Account/${id}` });
    expect(full.body).toMatchObject({ Id: id, Name: 'Acme Consulting', IsDeleted: false, CreatedDate: '2026-03-04T10:00:00.000+0000', SystemModstamp: '2026-03-04T10:00:00.000+0000', CurrencyIsoCode: 'USD' });
    expect(full.body.CreatedById).toMatch(/^005/);

    const some = await t.api('GET', `sobjects/Account/${id}?fields=Name,BillingCountry`);
    expect(Object.keys(some.body)).toEqual(['attributes', 'Name', 'BillingCountry']);
    expect((await t.api('GET', `sobjects/Account/${id.slice(0, 15)}?fields=Name`)).body.Name).toBe('Acme Consulting');

    t.clock.advance(60_000);
    const updated = await t.api('PATCH', `sobjects/Account/${id}`, { Name: 'Acme Consulting LLC' });
    expect(updated.status).toBe(204);
    const after = await t.api('GET', `sobjects/Account/${id}?fields=Name,LastModifiedDate,SystemModstamp,CreatedDate`);
    expect(after.body).toMatchObject({ Name: 'Acme Consulting LLC', LastModifiedDate: '2026-03-04T10:01:00.000+0000', CreatedDate: '2026-03-04T10:00:00.000+0000' });

    expect((await t.api('POST', `sobjects/Account/${id}?_HttpMethod=PATCH`, { Industry: 'Legal' })).status).toBe(204);
    expect((await t.api('GET', `sobjects/Account/${id}?fields=Industry`)).body.Industry).toBe('Legal');
    expect((await t.api('DELETE', `sobjects/Account/${id}`)).status).toBe(204);
    const gone = await t.api('GET', `sobjects/Account/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual([{ errorCode: 'ENTITY_IS_DELETED', message: 'entity is deleted' }]);
  });

  it('answers errors in Salesforce array form', async () => {
    const missing = await t.api('POST', 'sobjects/Opportunity', { Name: 'No stage' });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual([{ message: 'Required fields are missing: [StageName, CloseDate]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['StageName', 'CloseDate'] }]);

    const unknownField = await t.api('POST', 'sobjects/Account', { Name: 'x', Bogus__c: 1 });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body[0].errorCode).toBe('INVALID_FIELD');

    const readOnly = await t.api('POST', 'sobjects/Account', { Name: 'x', CreatedDate: '2020-01-01T00:00:00Z' });
    expect(readOnly.body[0]).toMatchObject({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['CreatedDate'] });

    const picklist = await t.api('POST', 'sobjects/Opportunity', { Name: 'x', StageName: 'Won-ish', CloseDate: '2026-04-01' });
    expect(picklist.body[0]).toMatchObject({ errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', fields: ['StageName'] });

    const badDate = await t.api('POST', 'sobjects/Opportunity', { Name: 'x', StageName: 'Prospecting', CloseDate: '2026-13-01' });
    expect(badDate.body[0].errorCode).toBe('JSON_PARSER_ERROR');

    const badRef = await t.api('POST', 'sobjects/Contact', { LastName: 'x', AccountId: 'nope' });
    expect(badRef.body[0]).toMatchObject({ errorCode: 'MALFORMED_ID', fields: ['AccountId'] });

    const wrongType = await t.api('POST', 'sobjects/Unknown__c', { Name: 'x' });
    expect(wrongType.status).toBe(404);
    expect(wrongType.body[0].errorCode).toBe('NOT_FOUND');

    const notFound = await t.api('GET', 'sobjects/Account/001000000000000AAA');
    expect(notFound.status).toBe(404);
    expect(notFound.body).toEqual([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);

    const badJson = await t.api('POST', 'sobjects/Account', undefined, { raw: '{"Name": ' });
    expect(badJson.status).toBe(400);
    expect(badJson.body[0].errorCode).toBe('JSON_PARSER_ERROR');
  });

  it('rejects duplicate values of a unique external id', async () => {
    expect((await t.api('POST', 'sobjects/Account', { Name: 'One', Throughline_Id__c: 'dup-1' })).status).toBe(201);
    const clash = await t.api('POST', 'sobjects/Account', { Name: 'Two', Throughline_Id__c: 'DUP-1' });
    expect(clash.status).toBe(400);
    expect(clash.body[0]).toMatchObject({ errorCode: 'DUPLICATE_VALUE', fields: ['Throughline_Id__c'] });
    expect(clash.body[0].message).toMatch(/^duplicate value found: Throughline_Id__c duplicates value on record with id: 001/);
  });

  it('reads and upserts by external id: 201 created, 200 updated, 300 multiple, 404 updateOnly, 400 key in body', async () => {
    const create = await t.api('PATCH', 'sobjects/Account/Throughline_Id__c/ext-42', { Name: 'Upserted' });
    expect(create.status).toBe(201);
    expect(create.body).toEqual({ id: expect.stringMatching(/^001/), success: true, errors: [], created: true });
    const update = await t.api('PATCH', 'sobjects/Account/Throughline_Id__c/ext-42', { Name: 'Upserted again' });
    expect(update.status).toBe(200);
    expect(update.body).toEqual({ id: create.body.id, success: true, errors: [], created: false });
    const read = await t.api('GET', 'sobjects/Account/Throughline_Id__c/ext-42?fields=Name,Throughline_Id__c');
    expect(read.body).toMatchObject({ Name: 'Upserted again', Throughline_Id__c: 'ext-42' });

    const updateOnly = await t.api('PATCH', 'sobjects/Account/Throughline_Id__c/ext-none?updateOnly=true', { Name: 'Nope' });
    expect(updateOnly.status).toBe(404);
    expect((await t.query("SELECT Id FROM Account WHERE Throughline_Id__c = 'ext-none'")).body.totalSize).toBe(0);

    const withId = await t.api('PATCH', 'sobjects/Account/Throughline_Id__c/ext-42', { Id: create.body.id, Name: 'x' });
    expect(withId.status).toBe(400);
    const withKey = await t.api('PATCH', 'sobjects/Account/Throughline_Id__c/ext-42', { Throughline_Id__c: 'ext-43', Name: 'x' });
    expect(withKey.status).toBe(400);
    expect(withKey.body[0]).toMatchObject({ errorCode: 'INVALID_FIELD', fields: ['Throughline_Id__c'] });

    await t.api('POST', 'sobjects/Account', { Name: 'Legacy A', Legacy_Id__c: 'L-1' });
    await t.api('POST', 'sobjects/Account', { Name: 'Legacy B', Legacy_Id__c: 'L-1' });
    const multiple = await t.api('PATCH', 'sobjects/Account/Legacy_Id__c/L-1', { Name: 'Which?' });
    expect(multiple.status).toBe(300);
    expect(multiple.body).toHaveLength(2);
    expect(multiple.body[0]).toMatch(/^\/services\/data\/v61\.0\/sobjects\/Account\/001/);
    expect((await t.api('GET', 'sobjects/Account/Legacy_Id__c/L-1')).status).toBe(300);

    const notExternal = await t.api('PATCH', 'sobjects/Account/Name/whatever', { Industry: 'x' });
    expect(notExternal.status).toBe(404);
  });

  it('computes Opportunity IsWon/IsClosed from the stage and contract end dates', async () => {
    const opp = await t.api('POST', 'sobjects/Opportunity', { Name: 'Deal', StageName: 'Negotiation/Review', CloseDate: '2026-03-31', Amount: 120000 });
    const before = await t.api('GET', `sobjects/Opportunity/${opp.body.id}?fields=IsWon,IsClosed,Probability`);
    expect(before.body).toMatchObject({ IsWon: false, IsClosed: false, Probability: 90 });
    await t.api('PATCH', `sobjects/Opportunity/${opp.body.id}`, { StageName: 'Closed Won' });
    const won = await t.api('GET', `sobjects/Opportunity/${opp.body.id}?fields=IsWon,IsClosed,Probability`);
    expect(won.body).toMatchObject({ IsWon: true, IsClosed: true, Probability: 100 });
    const writeIsWon = await t.api('PATCH', `sobjects/Opportunity/${opp.body.id}`, { IsWon: false });
    expect(writeIsWon.body[0].errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');

    const acct = await t.api('POST', 'sobjects/Account', { Name: 'Contract Co' });
    const activatedOnCreate = await t.api('POST', 'sobjects/Contract', { AccountId: acct.body.id, StartDate: '2026-01-15', ContractTerm: 12, Status: 'Activated' });
    expect(activatedOnCreate.status).toBe(400);
    const contract = await t.api('POST', 'sobjects/Contract', { AccountId: acct.body.id, StartDate: '2026-01-15', ContractTerm: 12 });
    const c = await t.api('GET', `sobjects/Contract/${contract.body.id}?fields=EndDate,Status,ContractNumber`);
    expect(c.body).toMatchObject({ EndDate: '2027-01-14', Status: 'Draft', ContractNumber: expect.stringMatching(/^\d{8}$/) });
    expect((await t.api('PATCH', `sobjects/Contract/${contract.body.id}`, { Status: 'Activated' })).status).toBe(204);
  });

  it('Certinia timecards: totals, status flags, end date, and the closed-for-time-entry validation rule', async () => {
    const contact = await t.api('POST', 'sobjects/Contact', { FirstName: 'Ada', LastName: 'Lovelace', pse__Is_Resource__c: true });
    const name = await t.api('GET', `sobjects/Contact/${contact.body.id}?fields=Name`);
    expect(name.body.Name).toBe('Ada Lovelace');
    const project = await t.api('POST', 'sobjects/pse__Proj__c', { Name: 'Migration', pse__Start_Date__c: '2026-03-02' });
    expect(project.body.id).toMatch(/^a1H/);
    const tc = await t.api('POST', 'sobjects/pse__Timecard_Header__c', {
      pse__Resource__c: contact.body.id, pse__Project__c: project.body.id, pse__Start_Date__c: '2026-03-02',
      pse__Monday_Hours__c: 8, pse__Tuesday_Hours__c: 7.5, pse__Wednesday_Hours__c: '8', pse__Status__c: 'Submitted',
    });
    expect(tc.status).toBe(201);
    const read = await t.api('GET', `sobjects/pse__Timecard_Header__c/${tc.body.id}`);
    expect(read.body).toMatchObject({
      Name: 'TC-000001', pse__Total_Hours__c: 23.5, pse__End_Date__c: '2026-03-08', pse__Submitted__c: true, pse__Approved__c: false, pse__Thursday_Hours__c: 0,
    });
    await t.api('PATCH', `sobjects/pse__Timecard_Header__c/${tc.body.id}`, { pse__Status__c: 'Approved' });
    expect((await t.api('GET', `sobjects/pse__Timecard_Header__c/${tc.body.id}?fields=pse__Approved__c`)).body.pse__Approved__c).toBe(true);
    const badStatus = await t.api('PATCH', `sobjects/pse__Timecard_Header__c/${tc.body.id}`, { pse__Status__c: 'Done' });
    expect(badStatus.body[0].errorCode).toBe('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');

    await t.api('PATCH', `sobjects/pse__Proj__c/${project.body.id}`, { pse__Closed_for_Time_Entry__c: true });
    const closed = await t.api('POST', 'sobjects/pse__Timecard_Header__c', { pse__Resource__c: contact.body.id, pse__Project__c: project.body.id, pse__Start_Date__c: '2026-03-09', pse__Monday_Hours__c: 4 });
    expect(closed.status).toBe(400);
    expect(closed.body[0]).toMatchObject({ errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION' });
    const wrongRefType = await t.api('POST', 'sobjects/pse__Timecard_Header__c', { pse__Resource__c: project.body.id, pse__Project__c: project.body.id, pse__Start_Date__c: '2026-03-09' });
    expect(wrongRefType.body[0]).toMatchObject({ errorCode: 'FIELD_INTEGRITY_EXCEPTION', fields: ['pse__Resource__c'] });
  });

  it('lists versions and describes objects', async () => {
    const versions = await fetch(`${t.sandbox.baseUrl}/services/data/`);
    const list = (await versions.json()) as { version: string; url: string }[];
    expect(list).toContainEqual({ label: 'v61.0', url: '/services/data/v61.0', version: '61.0' });
    expect((await t.api('GET', '/services/data/v55.0/sobjects/Account/describe')).status).toBe(200);
    expect((await t.api('GET', '/services/data/v41.0/sobjects')).status).toBe(404);
    expect((await t.api('GET', '/services/data/v61.0/')).body).toMatchObject({ sobjects: '/services/data/v61.0/sobjects', query: '/services/data/v61.0/query' });
    const describe = await t.api('GET', 'sobjects/pse__Timecard_Header__c/describe');
    expect(describe.body.keyPrefix).toBe('a2A');
    const status = describe.body.fields.find((f: { name: string }) => f.name === 'pse__Status__c');
    expect(status).toMatchObject({ type: 'picklist', restrictedPicklist: true });
    const ext = describe.body.fields.find((f: { name: string }) => f.name === 'Throughline_Id__c');
    expect(ext).toMatchObject({ externalId: true, unique: true });
    const global = await t.api('GET', 'sobjects');
    expect(global.body.sobjects.map((o: { name: string }) => o.name)).toEqual(expect.arrayContaining(['Account', 'Opportunity', 'pse__Proj__c', 'pse__Expense__c', 'pse__Resource_Request__c']));
  });
});
