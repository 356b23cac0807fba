import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandboxClock } from '../../../src/sandboxes/kit/clock.js';
import { startWorkdaySandbox, type RunningWorkdaySandbox } from '../../../src/sandboxes/workday/workday-sandbox.js';
import { fetchAccessToken } from './workday-test-client.js';

type WorkersPage = { total: number; data: { id: string; descriptor: string; href: string; businessTitle: string; primaryWorkEmail: string; isManager: boolean; primarySupervisoryOrganization: { id: string; descriptor: string } }[] };

const hire = (i: number) => ({
  employeeId: `3${String(i).padStart(4, '0')}`,
  firstName: `Worker${i}`,
  lastName: 'Paged',
  businessTitle: 'Consultant',
  jobProfile: 'Consultant',
  costCenter: 'Delivery US',
  company: 'US01',
  location: 'Boston',
  region: 'North America',
  compensation: { basis: 'annual', amount: '100000.00', currency: 'USD' },
  hireDate: '2025-06-01',
});

describe('Workday sandbox: REST workers', () => {
  let sandbox: RunningWorkdaySandbox;
  let token: string;
  beforeEach(async () => {
    sandbox = await startWorkdaySandbox({ clock: createSandboxClock('2026-01-05T09:00:00Z', 'manual') });
    token = await fetchAccessToken(sandbox);
  });
  afterEach(() => sandbox.stop());

  const get = async (query: string) => {
    const response = await fetch(`${sandbox.credentials.restBaseUrl}/workers${query}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as WorkersPage & Record<string, unknown> };
  };

  it('pages with limit and offset up to 100 per page, without gaps or repeats', async () => {
    const admin = await fetch(`${sandbox.adminUrl}/workers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(Array.from({ length: 145 }, (_, i) => hire(i))),
    });
    expect(admin.status).toBe(201);
    const seen: string[] = [];
    for (let offset = 0; ; offset += 100) {
      const { status, body } = await get(`?limit=100&offset=${offset}`);
      expect(status).toBe(200);
      expect(body.total).toBe(150);
      seen.push(...body.data.map((w) => w.id));
      if (body.data.length < 100) break;
    }
    expect(seen).toHaveLength(150);
    expect(new Set(seen).size).toBe(150);
    expect((await get('?limit=101')).status).toBe(400);
    expect((await get('?offset=-1')).status).toBe(400);
  });

  it('serves the documented summary fields and a single worker by id', async () => {
    const { body } = await get('?search=mcneil');
    expect(body.total).toBe(1);
    const worker = body.data[0]!;
    expect(worker).toMatchObject({
      descriptor: 'Logan McNeil',
      businessTitle: 'Practice Director',
      primaryWorkEmail: 'logan.mcneil@example.com',
      isManager: true,
      primarySupervisoryOrganization: { descriptor: 'Delivery US' },
    });
    expect(worker.id).toMatch(/^[0-9a-f]{32}$/);
    const single = await fetch(worker.href, { headers: { authorization: `Bearer ${token}` } });
    expect(await single.json()).toEqual(worker);
    const missing = await fetch(`${sandbox.credentials.restBaseUrl}/workers/${'0'.repeat(32)}`, { headers: { authorization: `Bearer ${token}` } });
    expect(missing.status).toBe(404);
  });

  it('leaves terminated workers out unless includeTerminatedWorkers=true', async () => {
    const terminate = await fetch(`${sandbox.adminUrl}/workers/21003/termination`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ terminationDate: '2026-01-02' }),
    });
    expect(terminate.status).toBe(201);
    expect((await get('')).body.total).toBe(4);
    const all = await get('?includeTerminatedWorkers=true');
    expect(all.body.total).toBe(5);
    expect(all.body.data.map((w) => w.descriptor)).toContain('Oliver Hughes');
  });

  it('answers 401 without a bearer token', async () => {
    const response = await fetch(`${sandbox.credentials.restBaseUrl}/workers`);
    expect(response.status).toBe(401);
  });
});
