import { describe, expect, it } from 'vitest';
import type { VendorRequest } from '../../../src/connectors/http/vendor-http.js';
import type { NetSuiteClient } from '../../../src/connectors/netsuite/client.js';
import { awaitAsyncJob } from '../../../src/connectors/netsuite/outbound/async-job.js';
import { deterministicUuid } from '../../../src/connectors/netsuite/outbound/idempotency-key.js';
import { createManualClock, type ManualClock } from '../../../src/runtime/clock.js';
import { RetryableError } from '../../../src/runtime/errors.js';

/** A client whose job is pending until `completeAt` (manual-clock ms since start); polls are recorded with their clock time. */
function fakeJobClient(clock: ManualClock, completeAt: number, failFirst = false) {
  const start = clock.now().getTime();
  const polls: number[] = [];
  const client = {
    connection: 'netsuite', restRoot: 'http://x/services/rest', clock,
    async send(request: VendorRequest) {
      const at = clock.now().getTime() - start;
      polls.push(at);
      if (failFirst && polls.length === 1) throw new RetryableError('503 Service Unavailable');
      expect(request.path).toBe('http://x/services/rest/async/v1/job/7');
      return { status: 200, headers: {}, body: { id: '7', completed: at >= completeAt, progress: at >= completeAt ? 'succeeded' : 'pending', taskCount: 3, failedCount: 0 } };
    },
  } as unknown as NetSuiteClient;
  return { client, polls };
}

/** Advances the manual clock in steps until the promise settles. */
async function settle<T>(clock: ManualClock, promise: Promise<T>, stepMs = 50): Promise<T> {
  let done = false;
  const tracked = promise.finally(() => (done = true));
  tracked.catch(() => undefined);
  for (let i = 0; i < 10_000 && !done; i++) {
    await clock.advance(stepMs);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return tracked;
}

describe('awaitAsyncJob on an injected clock', () => {
  const polling = { initialDelayMs: 100, maxDelayMs: 800, deadlineMs: 10_000 };

  it('backs off exponentially (capped) until the job completes, polling through transient failures', async () => {
    const clock = createManualClock('2026-03-15T12:00:00.000Z');
    const { client, polls } = fakeJobClient(clock, 2_000, true);
    const job = await settle(clock, awaitAsyncJob(client, 'http://x/services/rest/async/v1/job/7', polling));
    expect(job).toMatchObject({ id: '7', failedCount: 0 });
    const gaps = polls.slice(1).map((at, k) => at - polls[k]!);
    // The manual clock moves in 50 ms steps: each wait is the backoff, give or take one step.
    [100, 200, 400, 800].forEach((expected, k) => {
      expect(gaps[k]).toBeGreaterThanOrEqual(expected);
      expect(gaps[k]).toBeLessThanOrEqual(expected + 50);
    });
    expect(gaps.every((gap) => gap <= 850)).toBe(true);
    expect(polls.at(-1)).toBeGreaterThanOrEqual(2_000);
  });

  it('gives up at the deadline with a RetryableError (the same idempotency key finds the job later)', async () => {
    const clock = createManualClock('2026-03-15T12:00:00.000Z');
    const { client } = fakeJobClient(clock, Number.POSITIVE_INFINITY);
    await expect(settle(clock, awaitAsyncJob(client, 'http://x/services/rest/async/v1/job/7', polling), 200)).rejects.toMatchObject({
      name: 'RetryableError', details: { kind: 'job_timeout' },
    });
    expect(clock.now().getTime() - Date.parse('2026-03-15T12:00:00.000Z')).toBeLessThanOrEqual(10_400);
  });
});

describe('deterministicUuid', () => {
  it('is a stable RFC 4122 UUID per content, different for different content', () => {
    const a = deterministicUuid(['timeBill', 'tl-1', '{"hours":"7:30"}']);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deterministicUuid(['timeBill', 'tl-1', '{"hours":"7:30"}'])).toBe(a);
    expect(deterministicUuid(['timeBill', 'tl-1', '{"hours":"6:00"}'])).not.toBe(a);
    expect(deterministicUuid(['timeBill', 'tl-1{"hours":"7:30"}'])).not.toBe(a);
  });
});
