import { afterEach, describe, expect, it } from 'vitest';
import { startAnaplanSandbox, type RunningAnaplanSandbox } from '../../../src/sandboxes/anaplan/anaplan-sandbox.js';
import { createSandboxClock } from '../../../src/sandboxes/kit/clock.js';
import { anaplanClient, authenticate } from './anaplan-test-client.js';

describe('Anaplan sandbox: request rate limit (sliding window on the sandbox clock)', () => {
  let sandbox: RunningAnaplanSandbox;
  afterEach(() => sandbox.stop());

  it('admits 600 requests per minute by default and answers 429 to the 601st', async () => {
    sandbox = await startAnaplanSandbox({ clock: createSandboxClock('2026-03-02T09:00:00Z', 'manual') });
    const client = anaplanClient(sandbox, await authenticate(sandbox));
    const statuses: number[] = [];
    for (let i = 0; i < 601; i += 1) statuses.push((await client.call('GET', '/imports')).status);
    expect(statuses.slice(0, 600).every((s) => s === 200)).toBe(true);
    expect(statuses[600]).toBe(429);
  });

  it('slides: requests leave the window as the sandbox clock moves on', async () => {
    sandbox = await startAnaplanSandbox({
      clock: createSandboxClock('2026-03-02T09:00:00Z', 'manual'),
      rateLimit: { requests: 3, windowMs: 60_000 },
    });
    const client = anaplanClient(sandbox, await authenticate(sandbox));
    const get = async () => (await client.call('GET', '/files')).status;
    expect(await get()).toBe(200);
    sandbox.clock.advance(30_000);
    expect([await get(), await get()]).toEqual([200, 200]);
    const throttled = await client.call('GET', '/files');
    expect(throttled.status).toBe(429);
    expect(throttled.body).toEqual({ status: { code: 429, message: 'Too Many Requests' } });
    sandbox.clock.advance(30_000);
    // The first request has left the window; the two at +30 s are still in it.
    expect([await get(), await get()]).toEqual([200, 429]);
    // Token calls are the auth service's, not limited by the API window.
    expect(await authenticate(sandbox)).toBeTruthy();
  });

  it('changes the limit at runtime through the admin settings', async () => {
    sandbox = await startAnaplanSandbox({ clock: createSandboxClock('2026-03-02T09:00:00Z', 'manual') });
    const client = anaplanClient(sandbox, await authenticate(sandbox));
    const put = await fetch(`${sandbox.adminUrl}/settings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rateLimit: { requests: 1 } }),
    });
    expect(await put.json()).toMatchObject({ rateLimit: { requests: 1, windowMs: 60_000 } });
    expect((await client.call('GET', '/files')).status).toBe(200);
    expect((await client.call('GET', '/files')).status).toBe(429);
  });
});
