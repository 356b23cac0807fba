import { afterEach, describe, expect, it } from 'vitest';
import { createSandboxClock } from '../../../src/sandboxes/kit/clock.js';
import { listenSandbox } from '../../../src/sandboxes/kit/sandbox.js';
import { createSandboxApp, type SandboxApp } from '../../../src/sandboxes/kit/server.js';
import { waitFor } from '../../support/wait-for.js';

let running: SandboxApp | undefined;
afterEach(async () => {
  await running?.app.close();
  running = undefined;
});

async function start(adminKey?: string) {
  const clock = createSandboxClock('2026-06-01T00:00:00Z', 'manual');
  const sandbox = createSandboxApp({
    name: 'test',
    clock,
    formatError: (kind, status) => ({ status, headers: { 'x-vendor': kind }, body: [{ errorCode: kind.toUpperCase() }] }),
    ...(adminKey ? { adminKey } : {}),
  });
  let items: string[] = [];
  sandbox.registerState({
    reset: () => void (items = []),
    snapshot: () => items,
    restore: (s) => void (items = s as string[]),
    inspect: (type) => (type === undefined || type === 'item' ? { items } : undefined),
  });
  sandbox.app.post('/items', async (request) => {
    request.sandboxClientId = 'client-a';
    items.push((request.body as { name: string }).name);
    return { ok: true };
  });
  /** Answers once the test lets it go: a call held open. */
  const held: Array<() => void> = [];
  sandbox.app.get('/slow', async () => {
    await new Promise<void>((resolve) => held.push(resolve));
    return { ok: true };
  });
  sandbox.app.post('/token', async (request) => ({ form: request.body, expired: request.sandboxFault?.tokenExpiry ?? false }));
  running = sandbox;
  const baseUrl = await listenSandbox(sandbox.app, {});
  const json = (path: string, method = 'GET', body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${baseUrl}${path}`, { method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  return { baseUrl, json, clock, sandbox, held };
}

describe('sandbox app', () => {
  it('shows the calls a client has open and logs a call the client walked away from as aborted', async () => {
    const { baseUrl, json, held } = await start();
    const inFlight = async () => ((await (await json('/__admin/requests/in-flight')).json()) as { inFlight: Array<{ method: string; path: string }> }).inFlight;
    const abort = new AbortController();
    const call = fetch(`${baseUrl}/slow`, { signal: abort.signal }).catch((error: unknown) => error);
    await waitFor(async () => (await inFlight()).length === 1, { what: 'the call to be in flight' });
    expect(await inFlight()).toMatchObject([{ method: 'GET', path: '/slow' }]);
    abort.abort();
    await call;
    await waitFor(async () => (await inFlight()).length === 0, { what: 'the aborted call to leave the in-flight list' });
    const log = (await (await json('/__admin/requests')).json()) as { requests: Array<Record<string, unknown>> };
    expect(log.requests).toMatchObject([{ path: '/slow', status: 0, clientAborted: true }]);
    held.forEach((release) => release());
  });

  it('logs requests with sandbox time, status and client id; admin calls are not logged', async () => {
    const { json } = await start();
    expect((await json('/items', 'POST', { name: 'a' })).status).toBe(200);
    expect((await json('/missing')).status).toBe(404);
    const log = (await (await json('/__admin/requests')).json()) as { requests: Record<string, unknown>[]; lastSeq: number };
    expect(log.requests).toHaveLength(2);
    expect(log.requests[0]).toMatchObject({ seq: 1, at: '2026-06-01T00:00:00.000Z', method: 'POST', path: '/items', status: 200, clientId: 'client-a' });
    expect(log.requests[1]).toMatchObject({ seq: 2, path: '/missing', status: 404 });
    const since = (await (await json('/__admin/requests?since=1')).json()) as { requests: unknown[] };
    expect(since.requests).toHaveLength(1);
    expect((await json('/__admin/requests', 'DELETE')).status).toBe(204);
    expect(((await (await json('/__admin/requests')).json()) as { requests: unknown[] }).requests).toHaveLength(0);
  });

  it('injects errors in the vendor format and reports them in the log', async () => {
    const { json } = await start();
    const put = await json('/__admin/faults', 'PUT', { rules: [{ id: 'boom', match: { path: '^/items' }, errorRate: { '503': 1 } }] });
    expect(put.status).toBe(200);
    const res = await json('/items', 'POST', { name: 'x' });
    expect(res.status).toBe(503);
    expect(res.headers.get('x-vendor')).toBe('unavailable');
    expect(await res.json()).toEqual([{ errorCode: 'UNAVAILABLE' }]);
    const inspect = (await (await json('/__admin/records/item')).json()) as { items: string[] };
    expect(inspect.items).toEqual([]);
    const log = (await (await json('/__admin/requests')).json()) as { requests: { faultInjected?: string }[] };
    expect(log.requests[0]!.faultInjected).toBe('unavailable:503');
    expect((await json('/__admin/faults', 'PUT', { rules: [{ errorRate: { '503': 5 } }] })).status).toBe(400);
  });

  it('connection reset drops the request before the handler; timeout-after-commit after it', async () => {
    const { json } = await start();
    await json('/__admin/faults', 'PUT', { rules: [{ match: { path: '^/items' }, resetRate: 1 }] });
    await expect(json('/items', 'POST', { name: 'reset' })).rejects.toThrow();
    await json('/__admin/faults', 'PUT', { rules: [{ match: { path: '^/items' }, timeoutAfterCommitRate: 1 }] });
    await expect(json('/items', 'POST', { name: 'committed' })).rejects.toThrow();
    const inspect = (await (await json('/__admin/records/item')).json()) as { items: string[] };
    expect(inspect.items).toEqual(['committed']);
    const log = (await (await json('/__admin/requests')).json()) as { requests: { status: number; faultInjected?: string }[] };
    expect(log.requests.map((r) => [r.status, r.faultInjected])).toEqual([[0, 'reset'], [0, 'timeoutAfterCommit:200']]);
  });

  it('parses form bodies and exposes token-expiry faults to routes', async () => {
    const { baseUrl, json } = await start();
    await json('/__admin/faults', 'PUT', { rules: [{ match: { path: '^/token' }, tokenExpiry: true }] });
    const res = await fetch(`${baseUrl}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials&client_id=a' });
    expect(await res.json()).toEqual({ form: { grant_type: 'client_credentials', client_id: 'a' }, expired: true });
  });

  it('clock, reset, snapshot and restore through the admin API', async () => {
    const { json } = await start();
    expect(await (await json('/__admin/clock')).json()).toEqual({ now: '2026-06-01T00:00:00.000Z', mode: 'manual' });
    expect(await (await json('/__admin/clock', 'PUT', { advanceMs: 60_000 })).json()).toMatchObject({ now: '2026-06-01T00:01:00.000Z' });
    expect(await (await json('/__admin/clock', 'PUT', { set: '2026-07-01T00:00:00Z' })).json()).toMatchObject({ now: '2026-07-01T00:00:00.000Z' });
    expect((await json('/__admin/clock', 'PUT', {})).status).toBe(400);
    await json('/items', 'POST', { name: 'one' });
    const { id } = (await (await json('/__admin/snapshot', 'POST')).json()) as { id: string };
    await json('/items', 'POST', { name: 'two' });
    await json('/__admin/reset', 'POST');
    expect(await (await json('/__admin/records')).json()).toEqual({ items: [] });
    expect((await json(`/__admin/restore/${id}`, 'POST')).status).toBe(200);
    expect(await (await json('/__admin/records')).json()).toEqual({ items: ['one'] });
    expect((await json('/__admin/restore/nope', 'POST')).status).toBe(404);
    expect((await json('/__admin/records/unknown')).status).toBe(404);
  });

  it('guards admin routes with the admin key when configured', async () => {
    const { json } = await start('s3cret');
    expect((await json('/__admin/requests')).status).toBe(401);
    expect((await json('/__admin/requests', 'GET', undefined, { 'x-sandbox-admin-key': 's3cret' })).status).toBe(200);
  });
});
