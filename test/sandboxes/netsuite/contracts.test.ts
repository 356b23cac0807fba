import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContract, responseDifferences, type ContractExchange } from '../../contracts/contract.js';
import { rec, startNetSuiteHarness, type NetSuiteHarness, type NetSuiteResponse } from './support/netsuite-test-client.js';

/**
 * The sandbox against NetSuite's published examples (test/contracts/netsuite/): same status codes,
 * the documented headers in the same form (Location absolute vs relative), and bodies with the same
 * keys and JSON types at each path. Values are not compared.
 */
describe('NetSuite sandbox answers in the shape of the documented examples', () => {
  let ns: NetSuiteHarness;
  const contract = (name: string): ContractExchange => loadContract('netsuite', name);
  const expectShape = (response: NetSuiteResponse, name: string) => expect(responseDifferences(response, contract(name))).toEqual([]);
  const suiteql = (q: string) => ns.call('POST', '/services/rest/query/v1/suiteql?limit=1000&offset=0', { body: { q }, headers: { prefer: 'transient' } });
  const timeBill = (externalId: string, employee = 'E-GRACE') =>
    ({ externalId, employee: { externalId: employee }, customer: { externalId: 'PRJ-C' }, item: { externalId: 'SVC-CONSULTING' }, hours: '7:30', tranDate: '2026-03-02', isBillable: true, rate: 150, memo: 'Cutover planning' });
  /** The documented 202 names the job by a path relative to the host. */
  const jobPath = (response: NetSuiteResponse) => new URL(response.headers.get('location')!, ns.sandbox.baseUrl).pathname;
  const waitForJob = async (path: string) => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const job = await ns.call('GET', path);
      if (job.body.completed) return job;
      if (Date.now() > deadline) throw new Error(`job ${path} did not complete`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  beforeAll(async () => {
    ns = await startNetSuiteHarness();
    for (const name of ['Umbrella Advisory LLC', 'Initech', 'Globex']) {
      await ns.call('POST', rec('customer'), { body: { companyName: name, subsidiary: { externalId: 'US' }, externalId: `C-${name.slice(0, 3)}` } });
    }
    await ns.call('POST', rec('job'), { body: { entityId: 'PRJ-C', companyName: 'Umbrella ERP rollout', parent: { externalId: 'C-Umb' }, subsidiary: { externalId: 'US' }, externalId: 'PRJ-C' } });
    await ns.call('POST', rec('employee'), { body: { firstName: 'Grace', lastName: 'Hopper', subsidiary: { externalId: 'US' }, externalId: 'E-GRACE' } });
  });
  afterAll(async () => ns.stop());

  it('record read: links, references as {links, id, refName}, the singular media type', async () => {
    expectShape(await ns.call('GET', rec('customer/eid:C-Umb')), 'record.customer.get');
    const created = await ns.call('POST', rec('timeBill'), { body: timeBill('TB-C1') });
    expect(created.status).toBe(204);
    expectShape(await ns.call('GET', rec('timeBill/eid:TB-C1')), 'record.time-bill.get');
  });

  it('record list: the collection envelope with paging links', async () => {
    expectShape(await ns.call('GET', rec('customer?limit=2')), 'record.collection.list');
  });

  it('create: 204, no body, an absolute Location of the new record', async () => {
    const created = await ns.call('POST', rec('customer'), { body: { companyName: 'Hooli', subsidiary: { externalId: 'US' }, externalId: 'C-Hoo' } });
    expectShape(created, 'record.create.204');
  });

  it('SuiteQL: the collection envelope, every row value a string', async () => {
    const documented = contract('suiteql.time-bills').request!.body as { q: string };
    await ns.call('POST', rec('timeBill'), { body: { ...timeBill('TB-C2'), isBillable: false, approvalStatus: { id: '4' } } });
    expectShape(await suiteql(documented.q), 'suiteql.time-bills');
  });

  it('errors: RFC 7807 body with o:errorDetails (invalid reference, invalid login, unknown record)', async () => {
    expectShape(await ns.call('POST', rec('timeBill'), { body: { ...timeBill('TB-BAD'), employee: { id: '9999' } } }), 'error.invalid-content.400');
    const unauthorized = await fetch(`${ns.sandbox.baseUrl}${rec('customer/eid:C-Umb')}`, { headers: { authorization: 'Bearer expired-or-invalid' } });
    expectShape({ status: unauthorized.status, headers: unauthorized.headers, body: await unauthorized.json() }, 'error.invalid-login.401');
    expectShape(await ns.call('GET', rec('customer/eid:missing')), 'error.record-not-found.404');
  });

  it('async: 202 with Preference-Applied and a RELATIVE job Location; job and task status as documented', async () => {
    const accepted = await ns.call('PUT', rec('timeBill'), { body: { items: [timeBill('TB-A1')] }, headers: { prefer: 'respond-async' } });
    expectShape(accepted, 'async.accepted.202');
    const job = await waitForJob(jobPath(accepted));
    expectShape(job, 'async.job.completed');
    const tasks = await ns.call('GET', `${jobPath(accepted)}/task`);
    expectShape(await ns.call('GET', `${jobPath(accepted)}/task/${tasks.body.items[0].id}`), 'async.task.completed');
  });

  it('async: the job while pending', async () => {
    // The sandbox runs a job right after the 202 (setImmediate): read it before that turn.
    const key = randomUUID();
    const response = await fetch(`${ns.sandbox.baseUrl}${rec('timeBill')}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ns.token}`, 'content-type': 'application/json', prefer: 'respond-async', 'x-netsuite-idempotency-key': key },
      body: JSON.stringify({ items: [timeBill('TB-P1')] }),
    });
    const path = new URL(response.headers.get('location')!, ns.sandbox.baseUrl).pathname;
    const jobId = path.split('/').pop()!;
    const stored = ns.sandbox.store.state.asyncJobs[jobId]!;
    const completedDate = stored.completedDate;
    delete stored.completedDate;
    try {
      expectShape(await ns.call('GET', path), 'async.job.pending');
    } finally {
      if (completedDate !== undefined) stored.completedDate = completedDate;
    }
  });

  it('async: a repeated idempotency key is the documented 400 IDEMPOTENCY_ERROR with the job Location', async () => {
    const key = randomUUID();
    const send = () => ns.call('PUT', rec('timeBill'), { body: { items: [timeBill('TB-I1')] }, headers: { prefer: 'respond-async', 'x-netsuite-idempotency-key': key } });
    await waitForJob(jobPath(await send()));
    expectShape(await send(), 'async.idempotency-conflict.400');
  });
});
