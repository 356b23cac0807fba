import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rec, startNetSuiteHarness, type NetSuiteHarness, type NetSuiteResponse } from './support/netsuite-test-client.js';

describe('NetSuite sandbox asynchronous collection upsert', () => {
  let ns: NetSuiteHarness;
  beforeAll(async () => {
    ns = await startNetSuiteHarness();
    await ns.call('POST', rec('customer'), { body: { companyName: 'Async Co', subsidiary: { externalId: 'US' }, externalId: 'ASY' } });
    await ns.call('POST', rec('employee'), { body: { firstName: 'Ann', lastName: 'Sync', subsidiary: { externalId: 'US' }, externalId: 'E-ANN' } });
  });
  afterAll(async () => ns.stop());

  const timeBill = (externalId: string, hours: number, employee = 'E-ANN') =>
    ({ externalId, employee: { externalId: employee }, customer: { externalId: 'ASY' }, hours, tranDate: '2026-03-09', isBillable: true });

  /** The 202's Location is host-relative (`/services/rest/async/v1/job/N`), as NetSuite documents it. */
  const jobPath = (response: NetSuiteResponse) => {
    const location = response.headers.get('location')!;
    expect(location).toMatch(/^\/services\/rest\/async\/v1\/job\/\d+$/);
    return location;
  };

  /** Polls the job until it completes (bounded; the job runs right after the 202). */
  const waitForJob = async (path: string) => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const job = await ns.call('GET', path);
      if (job.body.completed) return job.body;
      if (Date.now() > deadline) throw new Error(`job ${path} did not complete`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  it('answers 202 + a job Location, and the job reports per-item results (internal id or error)', async () => {
    const accepted = await ns.call('PUT', rec('timeBill'), {
      body: { items: [timeBill('TB-A1', 8), timeBill('TB-A2', 4), timeBill('TB-A3', 2, 'E-NOBODY')] },
      headers: { prefer: 'respond-async' },
    });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toBeNull();
    expect(jobPath(accepted)).toMatch(/^\/services\/rest\/async\/v1\/job\/\d+$/);
    const job = await waitForJob(jobPath(accepted));
    expect(job).toMatchObject({ completed: true, progress: 'partiallySucceeded', taskCount: 3, succeededCount: 2, failedCount: 1 });

    const tasks = await ns.call('GET', `${jobPath(accepted)}/task`);
    expect(tasks.body.items.map((task: { id: string }) => task.id)).toEqual(['1', '2', '3']);
    const ok = await ns.call('GET', `${jobPath(accepted)}/task/1/result`);
    expect(ok.status).toBe(204);
    const createdId = ok.headers.get('location')!.split('/').pop();
    expect((await ns.call('GET', rec(`timeBill/eid:TB-A1`))).body).toMatchObject({ id: createdId, hours: 8 });
    const failed = await ns.call('GET', `${jobPath(accepted)}/task/3/result`);
    expect(failed.status).toBe(400);
    expect(failed.body['o:errorDetails'][0]).toMatchObject({ 'o:errorCode': 'INVALID_KEY_OR_REF', 'o:errorPath': 'employee' });
    expect((await ns.call('GET', `${jobPath(accepted)}/task/3`)).body).toMatchObject({ completed: true, progress: 'failed' });

    // The same external ids again update in place.
    const again = await ns.call('PUT', rec('timeBill'), { body: { items: [timeBill('TB-A1', 6)] }, headers: { prefer: 'respond-async' } });
    expect((await waitForJob(jobPath(again))).progress).toBe('succeeded');
    expect((await ns.call('GET', rec('timeBill/eid:TB-A1'))).body).toMatchObject({ id: createdId, hours: 6 });
  });

  it('refuses a repeated X-NetSuite-Idempotency-Key with 400 IDEMPOTENCY_ERROR naming the first job, and never runs it twice', async () => {
    const key = randomUUID();
    const send = (hours: number) => ns.call('PUT', rec('timeBill'), {
      body: { items: [timeBill('TB-IDEM', hours)] },
      headers: { prefer: 'respond-async', 'x-netsuite-idempotency-key': key },
    });
    const first = await send(5);
    await waitForJob(jobPath(first));
    const modifiedBefore = (await ns.call('GET', rec('timeBill/eid:TB-IDEM'))).body.lastModifiedDate;
    ns.clock.advance(60_000);
    const second = await send(7);
    expect(second.status).toBe(400);
    expect(second.body['o:errorDetails'][0]['o:errorCode']).toBe('IDEMPOTENCY_ERROR');
    expect(jobPath(second)).toBe(jobPath(first));
    await new Promise((resolve) => setImmediate(resolve));
    const read = (await ns.call('GET', rec('timeBill/eid:TB-IDEM'))).body;
    expect(read.hours).toBe(5);
    expect(read.lastModifiedDate).toBe(modifiedBefore);
    expect((await ns.call('PUT', rec('timeBill'), { body: { items: [timeBill('X', 1)] }, headers: { prefer: 'respond-async', 'x-netsuite-idempotency-key': 'not-a-uuid' } })).status).toBe(400);
  });

  it('refuses a collection upsert without Prefer: respond-async, and items without externalId', async () => {
    const sync = await ns.call('PUT', rec('timeBill'), { body: { items: [timeBill('TB-S', 1)] } });
    expect(sync.status).toBe(400);
    expect(sync.body['o:errorDetails'][0]['o:errorCode']).toBe('INVALID_PARAMETER');
    const { externalId: _none, ...withoutId } = timeBill('x', 1);
    const missing = await ns.call('PUT', rec('timeBill'), { body: { items: [withoutId] }, headers: { prefer: 'respond-async' } });
    expect(missing.status).toBe(400);
    expect((await ns.call('GET', rec('timeBill/eid:TB-S'))).status).toBe(404);
  });

  it('updates a collection by id or externalId with PATCH /{record} (asynchronous)', async () => {
    const id = (await ns.call('GET', rec('timeBill/eid:TB-A2'))).body.id;
    const accepted = await ns.call('PATCH', rec('timeBill'), {
      body: { items: [{ id, memo: 'by id' }, { externalId: 'TB-A1', memo: 'by eid' }, { externalId: 'TB-NONE', memo: 'x' }] },
      headers: { prefer: 'respond-async' },
    });
    expect(accepted.status).toBe(202);
    expect(await waitForJob(jobPath(accepted))).toMatchObject({ progress: 'partiallySucceeded', failedCount: 1 });
    expect((await ns.call('GET', rec(`timeBill/${id}`))).body.memo).toBe('by id');
    expect((await ns.call('GET', rec('timeBill/eid:TB-A1'))).body.memo).toBe('by eid');
    expect((await ns.call('GET', `${jobPath(accepted)}/task/3/result`)).status).toBe(404);
  });

  it('runs single-record requests asynchronously too (POST with Prefer: respond-async)', async () => {
    const accepted = await ns.call('POST', rec('customer'), { body: { companyName: 'Later Ltd', subsidiary: { externalId: 'UK' }, externalId: 'LATER' }, headers: { prefer: 'respond-async' } });
    expect(accepted.status).toBe(202);
    expect((await waitForJob(jobPath(accepted))).progress).toBe('succeeded');
    expect((await ns.call('GET', rec('customer/eid:LATER'))).body.companyName).toBe('Later Ltd');
  });
});
