import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAllRecords, querySoql } from '../../../src/connectors/salesforce/outbound/query-soql.js';
import { composite } from '../../../src/connectors/salesforce/outbound/composite.js';
import { getRecord } from '../../../src/connectors/salesforce/outbound/get-record.js';
import { upsertByExternalId } from '../../../src/connectors/salesforce/outbound/upsert-by-external-id.js';
import { upsertCollection } from '../../../src/connectors/salesforce/outbound/upsert-collection.js';
import { retryDispositionOf } from '../../../src/runtime/errors.js';
import { startConnectorSandbox, type ConnectorSandbox } from './support.js';

let t: ConnectorSandbox;
beforeAll(async () => {
  t = await startConnectorSandbox({ tokenLifetimeMs: 30 * 86_400_000 });
});
afterAll(async () => {
  await t.sandbox.stop();
});

const tokenRequests = async () => (await t.admin('GET', 'salesforce/usage')).body.tokenRequests as number;
const failureOf = async (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a failure'); }, (error: unknown) => error as Error & { details: Record<string, unknown>; retryAt?: Date });

describe('Salesforce client', () => {
  it('logs in once for many calls, refreshes once when the session is invalidated, and once when its lifetime ends', async () => {
    const connector = t.connector();
    const before = await tokenRequests();
    await Promise.all(Array.from({ length: 20 }, () => queryAllRecords(connector.client, 'SELECT Id FROM Account LIMIT 1')));
    expect((await tokenRequests()) - before).toBe(1);
    expect(connector.client.tokens.fetched).toBe(1);

    await t.admin('POST', 'salesforce/expire-tokens');
    await Promise.all(Array.from({ length: 5 }, () => queryAllRecords(connector.client, 'SELECT Id FROM Account LIMIT 1')));
    expect((await tokenRequests()) - before).toBe(2);

    await t.clock.advance(2 * 3_600_000); // the hub's trusted session lifetime (default 2 h)
    await queryAllRecords(connector.client, 'SELECT Id FROM Account LIMIT 1');
    expect((await tokenRequests()) - before).toBe(3);
    expect(t.calls.snapshot().salesforce?.tokenRequests).toBeGreaterThanOrEqual(3);
    await connector.close();
  });

  it('reports the daily API usage from Sforce-Limit-Info', async () => {
    const connector = t.connector();
    expect(connector.client.limits()).toBeUndefined();
    await queryAllRecords(connector.client, 'SELECT Id FROM Account LIMIT 1');
    const limits = connector.client.limits();
    expect(limits?.max).toBe(100_000);
    expect(limits?.used).toBeGreaterThan(0);
    await connector.close();
  });

  it('upserts by external id: created, then updated in place', async () => {
    const connector = t.connector();
    const first = await upsertByExternalId(connector.client, { objectType: 'Account', externalIdField: 'Throughline_Id__c', externalId: 'tl_client_01', fields: { Name: 'Upsert Co' } });
    expect(first).toMatchObject({ created: true, record: { system: 'salesforce', connection: 'salesforce', objectType: 'Account', externalId: 'tl_client_01' } });
    const second = await upsertByExternalId(connector.client, { objectType: 'Account', externalIdField: 'Throughline_Id__c', externalId: 'tl_client_01', fields: { Name: 'Upsert Co Ltd', Throughline_Id__c: 'ignored' } });
    expect(second).toMatchObject({ created: false, id: first.id });
    expect((await getRecord(connector.client, { objectType: 'Account', id: first.id, fields: ['Name'] }))?.Name).toBe('Upsert Co Ltd');
    expect(await getRecord(connector.client, { objectType: 'Account', id: '001000000000000AAA' })).toBeUndefined();
    await connector.close();
  });

  it('upserts 2,100 records in 200-record collections and pages them back following nextRecordsUrl', async () => {
    const connector = t.connector();
    const records = Array.from({ length: 2_100 }, (_, i) => ({ Throughline_Id__c: `page-${String(i).padStart(4, '0')}`, Name: `Paged ${i}`, Industry: 'Paging' }));
    const before = (await t.requests()).length;
    const outcomes = await upsertCollection(connector.client, { objectType: 'Account', externalIdField: 'Throughline_Id__c', records });
    expect(outcomes.every((o) => o.ok && o.created)).toBe(true);
    expect((await t.requests()).slice(before).filter((r) => r.path.includes('/composite/sobjects/')).length).toBe(11);

    const pages: number[] = [];
    for await (const batch of querySoql(connector.client, "SELECT Id, Throughline_Id__c FROM Account WHERE Industry = 'Paging' ORDER BY Throughline_Id__c", { batchSize: 500 })) pages.push(batch.length);
    expect(pages).toEqual([500, 500, 500, 500, 100]);
    const all = await queryAllRecords(connector.client, "SELECT Id, Throughline_Id__c FROM Account WHERE Industry = 'Paging' ORDER BY Throughline_Id__c");
    expect(all).toHaveLength(2_100);
    expect(all.at(-1)?.Throughline_Id__c).toBe('page-2099');
    await connector.close();
  });

  it('gives one outcome per record in a collection: a bad record fails alone with the vendor code', async () => {
    const connector = t.connector();
    const outcomes = await upsertCollection(connector.client, {
      objectType: 'Contact',
      externalIdField: 'Throughline_Id__c',
      records: [
        { Throughline_Id__c: 'tl_worker_a', LastName: 'Good', FirstName: 'A' },
        { Throughline_Id__c: 'tl_worker_b', FirstName: 'No last name' },
        { Throughline_Id__c: 'tl_worker_c', LastName: 'Good', FirstName: 'C' },
      ],
    });
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    expect(outcomes[1]).toMatchObject({ ok: false, externalId: 'tl_worker_b', failure: { name: 'NonRetryableError', vendorCode: 'REQUIRED_FIELD_MISSING' } });
    await connector.close();
  });

  it('runs dependent subrequests in one composite call', async () => {
    const connector = t.connector();
    const responses = await composite(connector.client, {
      allOrNone: true,
      subrequests: [
        { method: 'POST', url: '/sobjects/Account', referenceId: 'acct', body: { Name: 'Composite Co' } },
        { method: 'POST', url: '/sobjects/Contact', referenceId: 'person', body: { LastName: 'Composite', AccountId: '@{acct.id}' } },
      ],
    });
    expect(responses.map((r) => r.httpStatusCode)).toEqual([201, 201]);
    const contact = await getRecord(connector.client, { objectType: 'Contact', id: (responses[1]!.body as { id: string }).id, fields: ['AccountId'] });
    expect(contact?.AccountId).toBe((responses[0]!.body as { id: string }).id);
    await connector.close();
  });
});

describe('Salesforce error classification', () => {
  it('makes 4xx non-retryable with the vendor message and code', async () => {
    const connector = t.connector();
    const error = await failureOf(queryAllRecords(connector.client, 'SELECT Id FROM Account WHERE'));
    expect(error.name).toBe('NonRetryableError');
    expect(error.details).toMatchObject({ vendorCode: 'MALFORMED_QUERY', status: 400, kind: 'validation' });
    const missing = await failureOf(connector.client.send({ method: 'POST', path: '/sobjects/Contact', json: { FirstName: 'x' } }));
    expect(missing.message).toMatch(/REQUIRED_FIELD_MISSING.*LastName/);
    await connector.close();
  });

  it('refuses a wrong client secret as an auth problem in the vendor’s words', async () => {
    const connector = t.connector({ clientSecret: 'wrong' });
    const error = await failureOf(queryAllRecords(connector.client, 'SELECT Id FROM Account LIMIT 1'));
    expect(error.name).toBe('NonRetryableError');
    expect(error.details).toMatchObject({ kind: 'auth', vendorCode: 'invalid_client', status: 400 });
    await connector.close();
  });

  it('makes a spent daily allowance retry at the next UTC midnight and the concurrency limit a short throttle', async () => {
    const connector = t.connector();
    const used = (await t.admin('GET', 'salesforce/usage')).body.apiUsage.used as number;
    await t.admin('PUT', 'salesforce/allowance', { limit: used });
    const daily = await failureOf(queryAllRecords(connector.client, 'SELECT Id FROM Account LIMIT 1'));
    expect(retryDispositionOf(daily)).toBe('retry_after');
    expect(daily.details).toMatchObject({ kind: 'daily_allowance', vendorCode: 'REQUEST_LIMIT_EXCEEDED', status: 403 });
    const now = t.clock.now();
    expect(daily.retryAt?.toISOString()).toBe(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)).toISOString());
    await t.admin('PUT', 'salesforce/allowance', { limit: 100_000 });

    await t.admin('PUT', 'faults', { rules: [{ match: { path: '/query' }, throttleRate: 1 }] });
    const throttled = await failureOf(queryAllRecords(connector.client, 'SELECT Id FROM Account LIMIT 1'));
    expect(throttled.details).toMatchObject({ kind: 'concurrency_limit', vendorCode: 'REQUEST_LIMIT_EXCEEDED' });
    expect(throttled.retryAt!.getTime() - t.clock.now().getTime()).toBeLessThanOrEqual(5_000);
    await t.admin('PUT', 'faults', { rules: [] });
    await connector.close();
  });

  it('makes 5xx and connection resets retryable', async () => {
    const connector = t.connector();
    await t.admin('PUT', 'faults', { rules: [{ match: { path: '/query' }, errorRate: { '503': 1 } }] });
    const unavailable = await failureOf(queryAllRecords(connector.client, 'SELECT Id FROM Account LIMIT 1'));
    expect(unavailable.name).toBe('RetryableError');
    expect(unavailable.details).toMatchObject({ status: 503, vendorCode: 'SERVER_UNAVAILABLE' });
    await t.admin('PUT', 'faults', { rules: [{ match: { path: '/query' }, resetRate: 1 }] });
    const reset = await failureOf(queryAllRecords(connector.client, 'SELECT Id FROM Account LIMIT 1'));
    expect(reset.name).toBe('RetryableError');
    expect(reset.details).toMatchObject({ kind: 'network' });
    await t.admin('PUT', 'faults', { rules: [] });
    await connector.close();
  });

  it('sends an upsert once: a lost answer is a RetryableError for the step\'s policy, not a second request here', async () => {
    const connector = t.connector();
    await t.admin('PUT', 'faults', { rules: [{ match: { method: 'PATCH', path: '/sobjects/' }, resetRate: 1 }] });
    const since = (await t.requests()).length;
    const lost = await failureOf(upsertByExternalId(connector.client, { objectType: 'Account', externalIdField: 'Throughline_Id__c', externalId: 'once-1', fields: { Name: 'Once' } }));
    await t.admin('PUT', 'faults', { rules: [] });
    expect(lost.name).toBe('RetryableError');
    expect(lost.details).toMatchObject({ kind: 'network' });
    expect((await t.requests()).slice(since).filter((e) => e.method === 'PATCH')).toHaveLength(1);
    await connector.close();
  });

  it('recovers a write whose response was lost after commit without creating a duplicate', async () => {
    const connector = t.connector();
    await t.admin('PUT', 'faults', { seed: 7, rules: [{ match: { method: 'PATCH', path: '/sobjects/' }, timeoutAfterCommitRate: 0.5 }] });
    const before = t.calls.snapshot().salesforce?.networkErrors ?? 0;
    for (let i = 0; i < 10; i += 1) {
      // The runtime retries RetryableErrors; here a bounded loop stands in for it.
      for (let attempt = 0; ; attempt += 1) {
        try {
          await upsertByExternalId(connector.client, { objectType: 'Account', externalIdField: 'Throughline_Id__c', externalId: `tac-${i}`, fields: { Name: `Timeout ${i}`, Industry: 'TAC' } });
          break;
        } catch (error) {
          if (attempt > 10 || retryDispositionOf(error) !== 'retryable') throw error;
        }
      }
    }
    await t.admin('PUT', 'faults', { rules: [] });
    expect((t.calls.snapshot().salesforce?.networkErrors ?? 0) - before).toBeGreaterThan(0);
    const rows = await queryAllRecords(connector.client, "SELECT Id, Throughline_Id__c FROM Account WHERE Industry = 'TAC'");
    expect(rows.map((r) => r.Throughline_Id__c).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `tac-${i}`).sort());
    await connector.close();
  });
});
