import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContract, responseDifferences, shapeDifferences, type ObservedResponse, type ShapeOptions } from '../../contracts/contract.js';
import { startTestSandbox, type TestSandbox } from './support.js';

/**
 * The sandbox against Salesforce's published examples (test/contracts/salesforce/): status codes and
 * bodies with the same keys and JSON types at each path (values are not compared).
 */
describe('Salesforce sandbox answers in the shape of the documented examples', () => {
  let t: TestSandbox;
  const expectShape = (response: ObservedResponse, name: string, options: ShapeOptions = {}) => expect(responseDifferences(response, loadContract('salesforce', name), options)).toEqual([]);
  /** Salesforce sends null for any field without a value: a record field may be null where the example shows one. */
  const records = { nullable: ['records[]'] };
  const queryFields = (name: string) => {
    const body = loadContract('salesforce', name).response.body as { records: Record<string, unknown>[] };
    return Object.keys(body.records[0]!).filter((field) => field !== 'attributes');
  };

  beforeAll(async () => {
    t = await startTestSandbox();
  });
  afterAll(async () => t.sandbox.stop());

  it('OAuth client credentials: the token response keys', async () => {
    const token = await t.token();
    expectShape({ status: token.status, headers: {}, body: token.body }, 'oauth.token.client-credentials');
  });

  it('create: 201 {id, success, errors}; an Id in the body is the documented 400 error array', async () => {
    expectShape(await t.api('POST', 'sobjects/Account/', { Name: 'Umbrella Advisory LLC' }), 'sobject.create.201');
    const created = await t.api('POST', 'sobjects/Account/', { Name: 'Express Logistics and Transport' });
    expectShape(await t.api('POST', 'sobjects/Account/', { Id: created.body.id, Name: 'Express Donuts and Pies' }), 'sobject.create.invalid-field.400');
  });

  it('errors: an id of the wrong type in a body is 400 MALFORMED_ID with [{fields, message, errorCode}]', async () => {
    const contact = await t.api('POST', 'sobjects/Contact/', { LastName: 'Lovelace' });
    expectShape(await t.api('POST', 'sobjects/Contact/', { LastName: 'Hopper', AccountId: contact.body.id }), 'error.malformed-id');
  });

  it('query: {totalSize, done, nextRecordsUrl, records: [{attributes: {type, url}, ...}]}', async () => {
    for (let n = 0; n < 3; n++) await t.api('POST', 'sobjects/Account/', { Name: `Paged ${n}`, BillingCountry: 'United States' });
    const fields = queryFields('query.accounts').join(', ');
    const first = await t.api('GET', `query?q=${encodeURIComponent(`SELECT ${fields} FROM Account ORDER BY Name`)}`, undefined, { headers: { 'sforce-query-options': 'batchSize=200' } });
    expect(first.status).toBe(200);
    // One batch is enough here; the documented example is a first batch (done false + nextRecordsUrl).
    expect(shapeDifferences(first.body, loadContract('salesforce', 'query.accounts').response.body, { optional: ['nextRecordsUrl'], ...records })).toEqual([]);
  });

  it('query of Certinia PSA records: the envelope and every documented field with its JSON type', async () => {
    const account = await t.api('POST', 'sobjects/Account/', { Name: 'Acme Industrial Inc.' });
    const project = await t.api('POST', 'sobjects/pse__Proj__c/', {
      Name: 'Acme ERP Migration', pse__Account__c: account.body.id, pse__Stage__c: 'In Progress', pse__Start_Date__c: '2026-03-02', pse__End_Date__c: '2026-06-30',
      pse__Is_Active__c: true, pse__Is_Billable__c: true, pse__Project_ID__c: 'PRJ-0001', Billing_Model__c: 'Time and Materials',
    });
    expect(project.status).toBe(201);
    const fields = queryFields('query.pse-project').join(', ');
    const result = await t.api('GET', `query?q=${encodeURIComponent(`SELECT ${fields} FROM pse__Proj__c`)}`);
    expectShape(result, 'query.pse-project', records);
  });

  it('sObject Collections upsert: one UpsertResult per record, in order; a failed one with errors [{statusCode, message, fields}]', async () => {
    const { request } = loadContract('salesforce', 'composite.sobjects.upsert');
    await t.api('PATCH', 'composite/sobjects/Account/Throughline_Id__c', { allOrNone: false, records: [(request!.body as { records: unknown[] }).records[1]] });
    expectShape(await t.api('PATCH', 'composite/sobjects/Account/Throughline_Id__c', request!.body), 'composite.sobjects.upsert');
  });

  it('change data capture: the event a subscriber receives is the documented {schema, payload: {ChangeEventHeader, ...}, event: {replayId}}', async () => {
    const before = (await t.admin('GET', 'cdc/events')).body.latestReplayId as number;
    await t.api('POST', 'sobjects/Account/', { Name: 'Change Co' }, { clientId: 'crm-user-app' });
    const events = (await t.admin('GET', `cdc/events?sinceReplayId=${before}`)).body.events as unknown[];
    expect(events.length).toBeGreaterThan(0);
    const documented = (loadContract('salesforce', 'cdc.change-event.create').response.body as { data: { schema: string; payload: { ChangeEventHeader: unknown }; event: unknown } }).data;
    // The entity differs (Account here): compare the envelope and the header, not the record fields.
    const envelope = { schema: documented.schema, payload: { ChangeEventHeader: documented.payload.ChangeEventHeader }, event: documented.event };
    expect(shapeDifferences(events[0], envelope)).toEqual([]);
  });
});
