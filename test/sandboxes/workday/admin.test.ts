import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandboxClock } from '../../../src/sandboxes/kit/clock.js';
import { startWorkdaySandbox, type RunningWorkdaySandbox } from '../../../src/sandboxes/workday/workday-sandbox.js';
import { fetchAccessToken, getWorkersEnvelope, postSoap } from './workday-test-client.js';

const recruit = {
  firstName: 'Noor',
  lastName: 'Haddad',
  businessTitle: 'Analyst',
  jobProfile: 'Analyst',
  costCenter: 'Delivery DE',
  company: 'DE01',
  location: 'Munich',
  region: 'EMEA',
  compensation: { basis: 'annual', amount: '58000.00', currency: 'EUR' },
  hireDate: '2026-01-12',
};

describe('Workday sandbox: HR admin API and shared admin state', () => {
  let sandbox: RunningWorkdaySandbox;
  beforeEach(async () => {
    sandbox = await startWorkdaySandbox({ clock: createSandboxClock('2026-01-05T09:00:00Z', 'manual') });
  });
  afterEach(() => sandbox.stop());

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${sandbox.adminUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('hires a batch, reporting a rejected record without blocking the others', async () => {
    const { status, body } = await post('/workers', [recruit, { ...recruit, compensation: { basis: 'annual', amount: 58000, currency: 'EUR' } }, { ...recruit, firstName: 'Mia' }]);
    expect(status).toBe(201);
    expect((body['workers'] as { firstName: string; employeeId: string }[]).map((w) => [w.firstName, w.employeeId])).toEqual([
      ['Noor', '21005'],
      ['Mia', '21006'],
    ]);
    expect(body['rejected']).toEqual([{ index: 1, error: expect.stringMatching(/compensation\.amount/) }]);
  });

  it('refuses changes before the hire date, after termination, and a second termination', async () => {
    expect((await post('/workers/21002/job-change', { effectiveDate: '2020-01-01', businessTitle: 'X' })).status).toBe(400);
    expect((await post('/workers/21002/termination', { terminationDate: '2026-01-31' })).status).toBe(201);
    expect((await post('/workers/21002/job-change', { effectiveDate: '2026-02-15', businessTitle: 'X' })).status).toBe(400);
    expect((await post('/workers/21002/termination', { terminationDate: '2026-02-28' })).status).toBe(409);
    expect((await post('/workers/nobody/termination', { terminationDate: '2026-02-28' })).status).toBe(404);
    expect((await post('/workers', { ...recruit, employeeId: '21001' })).status).toBe(409);
  });

  it('snapshots, restores and resets worker state through the kit admin routes', async () => {
    const { body: snap } = await post('/snapshot', {});
    await post('/workers', recruit);
    const count = async () => ((await (await fetch(`${sandbox.adminUrl}/records/workers`)).json()) as unknown[]).length;
    expect(await count()).toBe(6);
    await post(`/restore/${snap['id'] as string}`, {});
    expect(await count()).toBe(5);
    await post('/workers', recruit);
    await post('/reset', {});
    expect(await count()).toBe(5);
    const transactions = (await (await fetch(`${sandbox.adminUrl}/records/transactions`)).json()) as { type: string }[];
    expect(transactions.every((t) => t.type === 'Hire')).toBe(true);
  });

  it('logs API calls with the authenticated client id', async () => {
    const token = await fetchAccessToken(sandbox);
    await fetch(`${sandbox.credentials.restBaseUrl}/workers?limit=1`, { headers: { authorization: `Bearer ${token}` } });
    const log = (await (await fetch(`${sandbox.adminUrl}/requests`)).json()) as { requests: { path: string; status: number; clientId?: string }[] };
    expect(log.requests.map((r) => [r.path, r.status, r.clientId])).toEqual([
      ['/ccx/oauth2/throughline/token', 200, sandbox.credentials.clientId],
      ['/ccx/api/v1/throughline/workers', 200, sandbox.credentials.clientId],
    ]);
  });

  it('formats injected faults the Workday way: SOAP env:Server for 500, 429 without Retry-After', async () => {
    const token = await fetchAccessToken(sandbox);
    const setFaults = (rules: unknown[]) =>
      fetch(`${sandbox.adminUrl}/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules }) });
    await setFaults([{ match: { path: 'Human_Resources' }, errorRate: { '500': 1 } }]);
    const soap = await postSoap(sandbox, getWorkersEnvelope(''), token);
    expect(soap.status).toBe(500);
    expect(soap.doc.Envelope.Body.Fault.faultcode).toBe('env:Server');
    await setFaults([{ match: { path: '/workers' }, throttleRate: 1 }]);
    const rest = await fetch(`${sandbox.credentials.restBaseUrl}/workers`, { headers: { authorization: `Bearer ${token}` } });
    expect(rest.status).toBe(429);
    expect(rest.headers.get('retry-after')).toBeNull();
  });
});
