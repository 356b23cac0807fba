import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActualsRow } from '../../../src/connectors/ports/planning.js';
import { anaplanEndpointBudget, createAnaplanConnector } from '../../../src/connectors/anaplan/index.js';
import { NonRetryableError, RetryableError, RetryAfterError } from '../../../src/runtime/errors.js';
import { createGovernor } from '../../../src/runtime/governor/create-governor.js';
import { sharedClock, startAnaplanHarness, type AnaplanHarness } from './support/harness.js';

const row = (overrides: Partial<ActualsRow> = {}): ActualsRow => ({
  projectCode: 'PRJ-100', month: '2026-01', currency: 'USD', hours: '120', cost: '6000.00', billings: '18000.00', collections: '9000.00', ...overrides,
});

const count = (log: Array<{ method: string; path: string }>, method: string, pattern: RegExp) => log.filter((e) => e.method === method && pattern.test(e.path)).length;

describe('Anaplan connector against the sandbox', () => {
  let h: AnaplanHarness;
  beforeEach(async () => {
    h = await startAnaplanHarness();
  });
  afterEach(() => h.stop());

  it('publishes actuals: gzipped chunks, import, polling, cells loaded and refused rows from the failure dump', async () => {
    const connector = h.connect({ chunkSizeBytes: 64 });
    const rows = [
      row(),
      row({ projectCode: 'PRJ-200', currency: 'GBP', hours: '37.5', cost: '1500.00', billings: '4500.00', collections: '0' }),
      row({ projectCode: 'bad code' }),
      row({ projectCode: 'PRJ-300', month: '2031-01' }),
      { ...row({ projectCode: 'PRJ-400' }), cost: 6000 },
    ];
    const result = await connector.planning.publishActuals(rows as ActualsRow[]);
    expect(result).toMatchObject({ successful: true, rowsSent: 4, rowsLoaded: 2 });
    expect(result.rejected.map((r) => [r.stage, (r.row as ActualsRow).projectCode, r.reason])).toEqual([
      ['validation', 'PRJ-400', expect.stringContaining('cost')],
      ['import', 'bad code', "Invalid project code format: 'bad code'"],
      ['import', 'PRJ-300', "Item not located in Month list: '2031-01'"],
    ]);
    expect(await h.cells('PRJ-200')).toEqual(expect.arrayContaining([
      expect.objectContaining({ lineItem: 'Hours', month: '2026-01', currency: 'GBP', value: '37.5' }),
      expect.objectContaining({ lineItem: 'Billings', month: '2026-01', currency: 'GBP', value: '4500.00' }),
    ]));
    const log = await h.requestLog();
    const chunkPuts = count(log, 'PUT', /\/files\/\d+\/chunks\/\d+$/);
    expect(chunkPuts).toBeGreaterThan(3); // 64-byte chunks of a ~250-byte CSV
    expect(count(log, 'POST', /\/imports\/\d+\/tasks$/)).toBe(1);
    expect(count(log, 'GET', /\/tasks\/[^/]+$/)).toBeGreaterThanOrEqual(2);
    expect(count(log, 'POST', /\/token\/authenticate$/)).toBe(1);

    // Publishing the same rows again sets the same values: idempotent.
    const again = await connector.planning.publishActuals([row()]);
    expect(again).toMatchObject({ successful: true, rowsLoaded: 1, rejected: [] });
    expect((await h.cells('PRJ-100')).filter((c) => c.lineItem === 'Cost').map((c) => c.value)).toEqual(['6000.00']);
  });

  it('sends nothing when no row is valid', async () => {
    const result = await h.connector.planning.publishActuals([{ projectCode: 'X' } as unknown as ActualsRow]);
    expect(result).toMatchObject({ taskId: undefined, rowsSent: 0, rejected: [{ stage: 'validation' }] });
    expect(await h.requestLog()).toEqual([]);
  });

  it('answers 409 model busy with RetryAfterError; publishActuals hands it to its caller after one try, and succeeds once the model is free', async () => {
    await h.connector.uploadFile({ fileId: h.config.actuals.fileId, content: 'Project,Month,Hours\nPRJ-9,2026-01,1\n' });
    const first = await h.connector.runImport(h.config.actuals.importId);
    const busy = await h.connector.runImport(h.config.actuals.importId).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(RetryAfterError);
    expect((busy as RetryAfterError).details).toMatchObject({ kind: 'model_busy', status: 409 });
    expect((busy as Error).message).toContain('is busy');
    expect((busy as RetryAfterError).retryAt.getTime()).toBe(h.clock.now().getTime() + 5_000);

    // The connector retries nothing: one try, the busy model's RetryAfterError for the step's policy.
    const stillBusy = await h.connector.planning.publishActuals([row()]).catch((e: unknown) => e);
    expect(stillBusy).toBeInstanceOf(RetryAfterError);
    expect((stillBusy as RetryAfterError).details).toMatchObject({ kind: 'model_busy' });
    h.clock.advance(5_000);
    const result = await h.connector.planning.publishActuals([row()]);
    expect(result).toMatchObject({ successful: true, rowsLoaded: 1 });
    const log = await h.requestLog();
    expect(log.filter((e) => e.method === 'POST' && /\/tasks$/.test(e.path)).map((e) => e.status)).toEqual([200, 409, 409, 200]);
    expect((await h.connector.pollTask({ importId: h.config.actuals.importId, taskId: first.taskId })).taskState).toBe('COMPLETE');
  });

  it('polls with backoff on the clock until COMPLETE or CANCELLED, and gives up at the deadline', async () => {
    await h.connector.uploadFile({ fileId: h.config.actuals.fileId, content: 'Project,Month,Hours\nPRJ-9,2026-01,1\n', gzip: false });
    const task = await h.connector.runImport(h.config.actuals.importId);
    const startedAt = h.clock.now().getTime();
    const done = await h.connector.pollTask({ importId: h.config.actuals.importId, taskId: task.taskId, initialDelayMs: 1_000, maxDelayMs: 2_000 });
    expect(done).toMatchObject({ taskState: 'COMPLETE', result: { successful: true, failureDumpAvailable: false } });
    // 1 s + 2 s + 2 s of sandbox time: the 5 s queued + running stages, no more.
    expect(h.clock.now().getTime() - startedAt).toBe(5_000);

    const slow = await h.connector.runImport(h.config.actuals.importId);
    const timeout = await h.connector.pollTask({ importId: h.config.actuals.importId, taskId: slow.taskId, initialDelayMs: 100, deadlineMs: 1_000 }).catch((e: unknown) => e);
    expect(timeout).toBeInstanceOf(RetryableError);
    expect((timeout as RetryableError).details).toMatchObject({ kind: 'timeout' });
    await h.connector.client.send({ method: 'DELETE', path: `/imports/${h.config.actuals.importId}/tasks/${slow.taskId}` });
    expect((await h.connector.pollTask({ importId: h.config.actuals.importId, taskId: slow.taskId })).taskState).toBe('CANCELLED');
  });

  it('refreshes the token before it expires and logs in again only when it lapsed', async () => {
    await h.connector.runImport(h.config.actuals.importId).catch(() => undefined);
    for (let i = 0; i < 5; i++) await h.connector.client.send({ method: 'GET', path: '/files' });
    h.clock.advance(31 * 60_000); // inside the 5-minute refresh window of a 35-minute token
    await h.connector.client.send({ method: 'GET', path: '/files' });
    await h.connector.client.send({ method: 'GET', path: '/files' });
    let log = await h.requestLog();
    expect([count(log, 'POST', /\/token\/authenticate$/), count(log, 'POST', /\/token\/refresh$/)]).toEqual([1, 1]);
    expect(log.filter((e) => /\/2\/0\//.test(e.path)).every((e) => e.status !== 401)).toBe(true);

    h.clock.advance(60 * 60_000); // long idle: the token lapsed, a refresh is impossible
    await h.connector.client.send({ method: 'GET', path: '/files' });
    log = await h.requestLog();
    expect([count(log, 'POST', /\/token\/authenticate$/), count(log, 'POST', /\/token\/refresh$/)]).toEqual([2, 1]);
    expect(h.calls.snapshot().anaplan?.tokenRequests).toBe(3);
  });

  it('classifies 429, 404 and bad credentials', async () => {
    await fetch(`${h.sandbox.adminUrl}/settings`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rateLimit: { requests: 2, windowMs: 60_000 } }) });
    await h.connector.client.send({ method: 'GET', path: '/files' });
    await h.connector.client.send({ method: 'GET', path: '/files' });
    const throttled = await h.connector.client.send({ method: 'GET', path: '/files' }).catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(RetryAfterError);
    expect((throttled as RetryAfterError).details).toMatchObject({ kind: 'rate_limit', status: 429 });

    h.clock.advance(61_000);
    const missing = await h.connector.fetchFailureDump({ importId: h.config.actuals.importId, taskId: 'NOPE' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NonRetryableError);
    expect((missing as NonRetryableError).details).toMatchObject({ kind: 'not_found', status: 404 });

    const denied = await h.connect({ password: 'wrong' }).client.send({ method: 'GET', path: '/files' }).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(NonRetryableError);
    expect((denied as NonRetryableError).details).toMatchObject({ kind: 'auth', vendorCode: 'FAILURE_BAD_CREDENTIAL' });
  });

  it('runs every call through the governor, which waits out 429s on the clock', async () => {
    await fetch(`${h.sandbox.adminUrl}/settings`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rateLimit: { requests: 3, windowMs: 60_000 } }) });
    const clock = sharedClock(h.clock);
    const governor = createGovernor({ clock, endpoints: { anaplan: anaplanEndpointBudget(h.config.connection) }, processId: 'test', mode: 'local', retryOnThrottle: { budgetMs: 120_000 }, random: () => 0.5 });
    const governed = createAnaplanConnector(h.config, { clock, governor });
    try {
      const startedAt = h.clock.now().getTime();
      for (let i = 0; i < 5; i++) await governed.client.send({ method: 'GET', path: '/files' });
      const statuses = (await h.requestLog()).filter((e) => e.path.endsWith('/files')).map((e) => e.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(5);
      expect(statuses).toContain(429);
      // The fourth call had to wait (10 s steps, as Anaplan sends no Retry-After) for the sliding minute to free a slot.
      expect(h.clock.now().getTime() - startedAt).toBeGreaterThanOrEqual(60_000);
    } finally {
      await governed.close();
    }
  });
});
