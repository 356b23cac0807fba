// A real, widely used client against the sandbox: if jsforce works here, the wire format is right.
import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from './support.js';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t.sandbox.stop();
});

describe('jsforce against the sandbox', () => {
  it('logs in with OAuth2 client credentials', async () => {
    const conn = new Connection({
      loginUrl: t.sandbox.loginUrl,
      version: '61.0',
      oauth2: { loginUrl: t.sandbox.loginUrl, clientId: 'hub-client', clientSecret: 'hub-secret', redirectUri: 'http://localhost/callback' },
    });
    const user = await conn.authorize({ grant_type: 'client_credentials' });
    expect(user.id).toBe(t.sandbox.clients[0]!.userId);
    expect(conn.instanceUrl).toBe(t.sandbox.baseUrl);
    const res = await conn.sobject('Account').create({ Name: 'Via OAuth' });
    expect(res.success).toBe(true);
  });

  it('creates, updates, upserts, queries with paging and uses sObject collections', async () => {
    const { body } = await t.token();
    const conn = new Connection({ instanceUrl: body.instance_url, accessToken: body.access_token, version: '61.0' });

    const created = await conn.sobject('Account').create({ Name: 'jsforce Co', Throughline_Id__c: 'JS-1' });
    expect(created).toMatchObject({ success: true, id: expect.stringMatching(/^001/) });
    await conn.sobject('Account').update({ Id: created.id!, Industry: 'Consulting' });
    const read = await conn.sobject('Account').retrieve(created.id!);
    expect(read).toMatchObject({ Name: 'jsforce Co', Industry: 'Consulting' });

    const upsertNew = await conn.sobject('Account').upsert({ Name: 'Upserted by jsforce', Throughline_Id__c: 'JS-2' }, 'Throughline_Id__c');
    expect(upsertNew).toMatchObject({ success: true });
    const upsertExisting = await conn.sobject('Account').upsert({ Name: 'jsforce Co renamed', Throughline_Id__c: 'JS-1' }, 'Throughline_Id__c');
    expect(upsertExisting).toMatchObject({ success: true });

    const many = await conn.sobject('pse__Proj__c').create(Array.from({ length: 30 }, (_, i) => ({ Name: `JS project ${i}`, Throughline_Id__c: `JSP-${i}` })), { allOrNone: true });
    expect(many).toHaveLength(30);
    expect(many.every((r) => r.success)).toBe(true);
    const upserts = await conn.sobject('pse__Proj__c').upsert([{ Throughline_Id__c: 'JSP-0', pse__Stage__c: 'In Progress' }, { Throughline_Id__c: 'JSP-new', Name: 'JS project new' }], 'Throughline_Id__c');
    expect(upserts.map((r) => r.success)).toEqual([true, true]);

    const small = await conn.query<{ Name: string }>("SELECT Id, Name FROM Account WHERE Throughline_Id__c = 'JS-1'");
    expect(small.records.map((r) => r.Name)).toEqual(['jsforce Co renamed']);

    // Paging: a batch size of 200 forces nextRecordsUrl; autoFetch follows it.
    await conn.sobject('pse__Proj__c').create(Array.from({ length: 200 }, (_, i) => ({ Name: `Bulk ${i}` })));
    await conn.sobject('pse__Proj__c').create(Array.from({ length: 100 }, (_, i) => ({ Name: `Bulk 2-${i}` })));
    const first = await conn.query("SELECT Id FROM pse__Proj__c WHERE Name LIKE 'Bulk%'", { headers: { 'Sforce-Query-Options': 'batchSize=200' } } as never);
    expect(first.totalSize).toBe(300);
    expect(first.done).toBe(false);
    expect(first.records).toHaveLength(200);
    const rest = await conn.queryMore(first.nextRecordsUrl!);
    expect(rest.records).toHaveLength(100);
    expect(rest.done).toBe(true);
    const everything = await conn.query("SELECT Id, Name FROM pse__Proj__c").run({ autoFetch: true, maxFetch: 10_000 });
    expect(everything.records.length).toBe(331);

    await expect(conn.sobject('Opportunity').create({ Name: 'no stage' })).rejects.toMatchObject({ errorCode: 'REQUIRED_FIELD_MISSING' });
    const destroyed = await conn.sobject('Account').destroy(created.id!);
    expect(destroyed).toMatchObject({ success: true });
  });
});
