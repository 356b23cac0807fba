import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { salesforceEndpointBudget } from '../../../src/connectors/salesforce/index.js';
import { queryAllRecords } from '../../../src/connectors/salesforce/outbound/query-soql.js';
import { createGovernor } from '../../../src/runtime/governor/create-governor.js';
import { startConnectorSandbox, type ConnectorSandbox } from './support.js';

let t: ConnectorSandbox;
beforeAll(async () => {
  t = await startConnectorSandbox({ tokenLifetimeMs: 30 * 86_400_000 });
});
afterAll(async () => {
  await t.sandbox.stop();
});

describe('Salesforce calls under the governor', () => {
  it('registers one endpoint per connection, lets the governor see the throttle and, past its budget, hands back a wait', async () => {
    const budget = salesforceEndpointBudget(t.config().connection);
    expect(budget).toEqual({ maxConcurrency: 25 });
    const governor = createGovernor({ clock: t.clock, endpoints: { salesforce: budget }, processId: 'test', mode: 'local', retryOnThrottle: { budgetMs: 0 } });
    const connector = t.connector({}, { governor });
    await Promise.all(Array.from({ length: 10 }, () => queryAllRecords(connector.client, 'SELECT Id FROM Account LIMIT 1')));
    await t.admin('PUT', 'faults', { rules: [{ match: { path: '/query' }, throttleRate: 1 }] });
    await expect(queryAllRecords(connector.client, 'SELECT Id FROM Account LIMIT 1')).rejects.toMatchObject({ name: 'WaitError', details: { kind: 'concurrency_limit' } });
    await t.admin('PUT', 'faults', { rules: [] });
    const endpoint = (await governor.snapshot()).endpoints.find((e) => e.endpointId === 'salesforce');
    expect(endpoint).toMatchObject({ successes: 10, throttles: 1 });
    expect(endpoint!.holdUntil).not.toBeNull();
    await connector.close();
  });
});
