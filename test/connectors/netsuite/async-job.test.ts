import { describe, expect, it } from 'vitest';
import type { VendorRequest } from '../../../src/connectors/http/vendor-http.js';
import type { NetSuiteClient } from '../../../src/connectors/netsuite/client.js';
import { resolveRequestPath } from '../../../src/connectors/netsuite/client.js';
import { awaitAsyncJob, listJobTaskIds, nextJobPollAt, pollAsyncJob, resolveJobUrl } from '../../../src/connectors/netsuite/outbound/async-job.js';
import { deterministicUuid } from '../../../src/connectors/netsuite/outbound/idempotency-key.js';
import { createManualClock, type ManualClock } from '../../../src/runtime/clock.js';
import { RetryableError } from '../../../src/runtime/errors.js';
import { loadContract } from '../../contracts/contract.js';
import { startConnectorHarness } from './support/harness.js';

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

  it('backs off exponentially (capped) until the job completes', async () => {
    const clock = createManualClock('2026-03-15T12:00:00.000Z');
    const { client, polls } = fakeJobClient(clock, 2_000);
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

  it('does not poll through a failed poll: the failure goes to the caller after that one request', async () => {
    const clock = createManualClock('2026-03-15T12:00:00.000Z');
    const { client, polls } = fakeJobClient(clock, 2_000, true);
    await expect(settle(clock, awaitAsyncJob(client, 'http://x/services/rest/async/v1/job/7', polling))).rejects.toMatchObject({ name: 'RetryableError' });
    expect(polls).toEqual([0]);
  });

  it('pollAsyncJob looks once and never sleeps; nextJobPollAt spaces the looks about as far apart as the job has run', async () => {
    const clock = createManualClock('2026-03-15T12:00:00.000Z');
    const { client, polls } = fakeJobClient(clock, 2_000);
    expect(await pollAsyncJob(client, '/services/rest/async/v1/job/7')).toBeNull();
    expect(polls).toEqual([0]);
    await clock.advance(2_000);
    expect(await pollAsyncJob(client, '/services/rest/async/v1/job/7')).toMatchObject({ id: '7', url: 'http://x/services/rest/async/v1/job/7' });
    const submittedAt = new Date('2026-03-15T12:00:00.000Z');
    const at = (elapsedMs: number) => nextJobPollAt(submittedAt, new Date(submittedAt.getTime() + elapsedMs), { initialDelayMs: 1_000, maxDelayMs: 60_000 }).getTime() - submittedAt.getTime();
    expect([at(0), at(500), at(4_000), at(30_000), at(600_000)]).toEqual([1_000, 1_500, 8_000, 60_000, 660_000]);
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

describe('a relative job Location (NetSuite\'s documented 202) resolves against the origin', () => {
  // test/contracts/netsuite/async.accepted.202.json: `Location: /services/rest/async/v1/job/123456`.
  const documented = loadContract('netsuite', 'async.accepted.202').response.headers!.Location!;

  it('resolveJobUrl keeps absolute URLs and puts host-relative paths on the origin, never under /services/rest again', () => {
    const client = { restRoot: 'https://demo123.suitetalk.api.netsuite.com/services/rest' };
    expect(documented).toBe('/services/rest/async/v1/job/123456');
    expect(resolveJobUrl(client, documented)).toBe('https://demo123.suitetalk.api.netsuite.com/services/rest/async/v1/job/123456');
    expect(resolveJobUrl(client, 'https://demo123.suitetalk.api.netsuite.com/services/rest/async/v1/job/9')).toBe('https://demo123.suitetalk.api.netsuite.com/services/rest/async/v1/job/9');
    expect(resolveRequestPath(client.restRoot, `${documented}/task/1/result`)).toBe('https://demo123.suitetalk.api.netsuite.com/services/rest/async/v1/job/123456/task/1/result');
    expect(resolveRequestPath(client.restRoot, '/record/v1/timeBill')).toBe('/record/v1/timeBill');
    expect(resolveRequestPath(client.restRoot, 'https://other.example/x')).toBe('https://other.example/x');
  });

  it('awaitAsyncJob and listJobTaskIds poll the resolved URL (a joined one would be /services/rest/services/rest/...)', async () => {
    const clock = createManualClock('2026-03-15T12:00:00.000Z');
    const { client } = fakeJobClient(clock, 0);
    const job = await settle(clock, awaitAsyncJob(client, '/services/rest/async/v1/job/7', { initialDelayMs: 100, maxDelayMs: 800, deadlineMs: 10_000 }));
    expect(job).toMatchObject({ id: '7', url: 'http://x/services/rest/async/v1/job/7' });
    const paths: string[] = [];
    const taskClient = {
      connection: 'netsuite', restRoot: 'http://x/services/rest', clock,
      async send(request: VendorRequest) {
        paths.push(request.path);
        return { status: 200, headers: {}, body: { links: [], count: 2, hasMore: false, items: [{ links: [], id: '2' }, { links: [], id: '1' }], offset: 0, totalResults: 2 } };
      },
    } as unknown as NetSuiteClient;
    expect(await listJobTaskIds(taskClient, '/services/rest/async/v1/job/7')).toEqual(['1', '2']);
    expect(paths).toEqual(['http://x/services/rest/async/v1/job/7/task']);
  });

  it('against the sandbox, which now answers the documented relative Location: the client reads job, tasks and results', async () => {
    const h = await startConnectorHarness();
    try {
      const { client } = h.connector;
      const accepted = await client.send({ method: 'POST', path: '/record/v1/customer', headers: { prefer: 'respond-async' }, json: { companyName: 'Relative Co', subsidiary: { externalId: 'US' }, externalId: 'REL-1' } });
      expect(accepted.status).toBe(202);
      const location = accepted.headers.location!;
      expect(location).toMatch(/^\/services\/rest\/async\/v1\/job\/\d+$/);
      const job = await awaitAsyncJob(client, location, { initialDelayMs: 5, maxDelayMs: 20, deadlineMs: 5_000 });
      expect(job).toMatchObject({ progress: 'succeeded', url: `${h.sandbox.baseUrl}${location}` });
      const [taskId] = await listJobTaskIds(client, location);
      // A path built from the raw relative Location goes to the host, not under /services/rest twice.
      const result = await client.send({ method: 'GET', path: `${location}/task/${taskId}/result` });
      expect(result.status).toBe(204);
      expect(result.headers.location).toMatch(/\/services\/rest\/record\/v1\/customer\/\d+$/);
    } finally {
      await h.stop();
    }
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
