import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NonRetryableError, RetryableError, RetryAfterError } from '../../../src/runtime/errors.js';
import { startWorkdayHarness, type WorkdayHarness } from './support/harness.js';

const isTokenCall = (entry: { path: string }) => /\/ccx\/oauth2\/[^/]+\/token$/.test(entry.path);

describe('Workday client against the sandbox', () => {
  let h: WorkdayHarness;
  beforeEach(async () => {
    h = await startWorkdayHarness();
  });
  afterEach(() => h.stop());

  it('requests one token per token lifetime across SOAP and REST calls', async () => {
    for (let i = 0; i < 3; i++) await h.connector.getWorkers({ page: 1, count: 10 });
    const listed = await h.connector.listWorkers({ limit: 2 });
    expect(listed.total).toBe(5);
    expect(listed.workers).toHaveLength(5); // three REST pages of two
    expect((await h.requestLog()).filter(isTokenCall)).toHaveLength(1);
    expect(h.calls.snapshot().workday?.tokenRequests).toBe(1);

    // Past the one-hour lifetime: exactly one more token.
    h.clock.advance(3_600_000);
    await h.connector.getWorkers({ page: 1, count: 10 });
    await h.connector.listWorkers();
    expect((await h.requestLog()).filter(isTokenCall)).toHaveLength(2);
  });

  it('refreshes once when SOAP reports the token expired (a 500 authentication fault, not a 401)', async () => {
    await h.connector.getWorkers({ page: 1, count: 1 });
    // The sandbox forgets every token it issued: the cached one is now unknown there.
    h.sandbox.tokens.clear();
    const page = await h.connector.getWorkers({ page: 1, count: 1 });
    expect(page.workers).toHaveLength(1);
    expect((await h.requestLog()).filter(isTokenCall)).toHaveLength(2);
  });

  it('turns a validation fault into NonRetryableError with Workday\'s message', async () => {
    const error = await h.connector.getWorkers({ wids: [], page: 1, count: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonRetryableError);
    expect((error as NonRetryableError).message).toContain('Count must be at most 999');
    expect((error as NonRetryableError).details).toMatchObject({ kind: 'validation', vendorCode: 'Client.validationError', status: 500 });
  });

  it('classifies server faults, maintenance pages and throttling', async () => {
    await h.faults([{ match: { path: 'Human_Resources' }, errorRate: { '500': 1 } }]);
    const server = await h.connector.getWorkers({ page: 1, count: 1 }).catch((e: unknown) => e);
    expect(server).toBeInstanceOf(RetryableError);
    expect((server as RetryableError).details).toMatchObject({ vendorCode: 'Server', kind: 'server_error' });

    await h.faults([{ match: { path: 'workers' }, errorRate: { '503': 1 } }]);
    const maintenance = await h.connector.listWorkers().catch((e: unknown) => e);
    expect(maintenance).toBeInstanceOf(RetryableError);
    expect((maintenance as Error).message).toContain('Workday is currently unavailable');

    await h.faults([{ match: { path: 'Human_Resources' }, throttleRate: 1 }]);
    const throttled = await h.connector.getWorkers({ page: 1, count: 1 }).catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(RetryAfterError);
    expect((throttled as RetryAfterError).details).toMatchObject({ kind: 'rate_limit', status: 429 });
    expect((throttled as RetryAfterError).retryAt.getTime()).toBe(h.clock.now().getTime() + 2_000);
  });

  it('fails clearly on a wrong refresh token', async () => {
    const connector = h.connect({ refreshToken: 'stale' });
    const error = await connector.getWorkers({ page: 1, count: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonRetryableError);
    expect((error as Error).message).toContain('Invalid refresh token');
  });
});
