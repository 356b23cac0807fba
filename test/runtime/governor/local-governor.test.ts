import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/runtime/clock.js';
import { NonRetryableError, RetryAfterError, RetryableError, WaitError, retryDispositionOf } from '../../../src/runtime/errors.js';
import { createGovernor } from '../../../src/runtime/governor/create-governor.js';
import { GOVERNOR_PRIORITY } from '../../../src/runtime/governor/governor-types.js';

/** A call that stays open until the test ends it. */
function gate() {
  let open!: () => void;
  const done = new Promise<void>((resolve) => (open = resolve));
  return { open, done };
}

const flush = async () => {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
};

describe('governor (local mode)', () => {
  it('never runs more than the endpoint max at once', async () => {
    const clock = createManualClock();
    const governor = createGovernor({ clock, mode: 'local', processId: 'p1', endpoints: { netsuite: { maxConcurrency: 3 } } });
    let inFlight = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 50 }, () =>
        governor.run('netsuite', async () => {
          inFlight += 1;
          peak = Math.max(peak, inFlight);
          await flush();
          inFlight -= 1;
        }),
      ),
    );
    expect(peak).toBe(3);
    const snapshot = await governor.snapshot();
    expect(snapshot.endpoints[0]).toMatchObject({ endpointId: 'netsuite', successes: 50, inFlight: 0, waiting: 0, limit: 3 });
  });

  it('gives the next slot to a waiting high-priority call before earlier routine ones', async () => {
    const clock = createManualClock();
    const governor = createGovernor({ clock, mode: 'local', processId: 'p1', endpoints: { netsuite: { maxConcurrency: 1 } } });
    const order: string[] = [];
    const blocker = gate();
    const first = governor.run('netsuite', () => blocker.done);
    const calls = [
      governor.run('netsuite', async () => void order.push('routine-1')),
      governor.run('netsuite', async () => void order.push('routine-2')),
      governor.run('netsuite', async () => void order.push('month-end'), { priority: GOVERNOR_PRIORITY.high }),
    ];
    await flush();
    blocker.open();
    await Promise.all([first, ...calls]);
    expect(order).toEqual(['month-end', 'routine-1', 'routine-2']);
  });

  it('halves the limit on a concurrency-limit failure and, with no throttle budget, hands it back as a wait', async () => {
    const clock = createManualClock();
    const governor = createGovernor({ clock, mode: 'local', processId: 'p1', endpoints: { erp: { maxConcurrency: 8, throttleBudgetMs: 0 } } });
    const blockers = Array.from({ length: 7 }, () => gate());
    const running = blockers.map((b) => governor.run('erp', () => b.done));
    await flush();
    await expect(
      governor.run('erp', async () => {
        throw new RetryableError('429 Too Many Requests', { status: 429, kind: 'concurrency_limit' });
      }),
    ).rejects.toMatchObject({ name: 'WaitError', message: expect.stringMatching(/429/), details: { kind: 'concurrency_limit', status: 429 } });
    expect((await governor.snapshot()).endpoints[0]).toMatchObject({ limit: 4, learnedCeiling: 7, throttles: 1, deferred: 1, inFlight: 7 });
    // Seven successes are more than a window of four: additive increase by one.
    blockers.forEach((b) => b.open());
    await Promise.all(running);
    expect((await governor.snapshot()).endpoints[0]).toMatchObject({ limit: 5, learnedCeiling: 7 });
  });

  // Regression: a daily-allowance RetryAfterError (until midnight) made run() sleep inside the call for hours.
  it('hands a spent daily allowance back at once as a WaitError until the reset (not an attempt)', async () => {
    const clock = createManualClock('2026-03-31T12:00:00.000Z');
    const governor = createGovernor({ clock, mode: 'local', processId: 'p1', endpoints: { crm: { maxConcurrency: 4 } }, retryOnThrottle: {}, random: () => 0 });
    let calls = 0;
    const midnight = new Date('2026-04-01T00:00:00.000Z');
    const failure = await governor
      .run('crm', async () => {
        calls += 1;
        throw new RetryAfterError('TotalRequests Limit exceeded.', midnight, { status: 403, kind: 'daily_allowance', vendorCode: 'REQUEST_LIMIT_EXCEEDED' });
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WaitError);
    expect(failure).toMatchObject({ retryAt: midnight, details: { kind: 'daily_allowance', status: 403, vendorCode: 'REQUEST_LIMIT_EXCEEDED' } });
    expect(retryDispositionOf(failure)).toBe('wait');
    expect((failure as Error).cause).toBeInstanceOf(RetryAfterError);
    expect(calls).toBe(1);
    expect((await governor.snapshot()).endpoints[0]?.holdUntil?.toISOString()).toBe(midnight.toISOString());
  });

  it('re-issues a throttled call while its total wait stays within the time budget, then hands back one WaitError', async () => {
    const clock = createManualClock('2026-03-31T12:00:00.000Z');
    const governor = createGovernor({ clock, mode: 'local', processId: 'p1', endpoints: { erp: { maxConcurrency: 4 } }, retryOnThrottle: { budgetMs: 30_000 }, random: () => 0 });
    const issuedAt: number[] = [];
    const t0 = clock.now().getTime();
    const call = governor
      .run('erp', async () => {
        issuedAt.push(clock.now().getTime() - t0);
        throw new RetryAfterError('429 Too Many Requests', new Date(clock.now().getTime() + 10_000), { status: 429, kind: 'rate_limit' });
      })
      .catch((error: unknown) => error);
    for (let i = 0; i < 4; i += 1) {
      await flush();
      await clock.advance(10_000);
    }
    const failure = await call;
    // Waits of 10 s + 10 s + 10 s spend the 30 s budget; the fourth throttle would go past it.
    expect(issuedAt).toEqual([0, 10_000, 20_000, 30_000]);
    expect(failure).toBeInstanceOf(WaitError);
    expect(failure).toMatchObject({ retryAt: new Date(t0 + 40_000), details: { kind: 'rate_limit', status: 429 } });
    expect((await governor.snapshot()).endpoints[0]).toMatchObject({ throttles: 4, retried: 3, deferred: 1 });
  });

  it('counts the backoff it chose when the vendor names no time, and an endpoint budget wins over the governor default', async () => {
    const clock = createManualClock('2026-03-31T12:00:00.000Z');
    const governor = createGovernor({
      clock,
      mode: 'local',
      processId: 'p1',
      endpoints: { erp: { maxConcurrency: 4, throttleBudgetMs: 700 }, crm: { maxConcurrency: 4 } },
      retryOnThrottle: { budgetMs: 60_000, initialBackoffMs: 100, maxBackoffMs: 1_000 },
      random: () => 1,
    });
    let calls = 0;
    const call = governor
      .run('erp', async () => {
        calls += 1;
        throw new RetryableError('CONCURRENCY_LIMIT_EXCEEDED', { status: 429, kind: 'concurrency_limit' });
      })
      .catch((error: unknown) => error);
    for (let i = 0; i < 5; i += 1) {
      await flush();
      await clock.advance(100);
      await clock.advance(200);
    }
    const failure = await call;
    // Backoffs 100 + 200 + 400 ms spend the endpoint's 700 ms (not the governor's 60 s); 800 more would not fit.
    expect(calls).toBe(4);
    expect(failure).toMatchObject({ name: 'WaitError', details: { kind: 'concurrency_limit' } });
    expect((failure as WaitError).retryAt.getTime() - clock.now().getTime()).toBeLessThanOrEqual(800);
  });

  it('waits 30 s per call by default when told to retry throttles, and in no call when not', async () => {
    const clock = createManualClock('2026-03-31T12:00:00.000Z');
    const throttle = () => {
      throw new RetryAfterError('429', new Date(clock.now().getTime() + 30_000), { status: 429, kind: 'rate_limit' });
    };
    const waiting = createGovernor({ clock, mode: 'local', processId: 'p1', endpoints: { erp: { maxConcurrency: 4 } }, retryOnThrottle: {}, random: () => 0 });
    let calls = 0;
    const call = waiting.run('erp', async () => (calls += 1) === 1 ? throttle() : 'ok');
    await flush();
    await clock.advance(30_000);
    await flush();
    expect(await call).toBe('ok');
    expect(calls).toBe(2);
    const plain = createGovernor({ clock, mode: 'local', processId: 'p1', endpoints: { erp: { maxConcurrency: 4 } } });
    await expect(plain.run('erp', async () => throttle())).rejects.toBeInstanceOf(WaitError);
  });

  it('does not treat an ordinary failure as a throttle', async () => {
    const clock = createManualClock();
    const governor = createGovernor({ clock, mode: 'local', processId: 'p1', endpoints: { erp: { maxConcurrency: 8 } }, retryOnThrottle: { budgetMs: 60_000 } });
    let calls = 0;
    await expect(
      governor.run('erp', async () => {
        calls += 1;
        throw new NonRetryableError('Invalid subsidiary', { kind: 'validation' });
      }),
    ).rejects.toThrow(/subsidiary/);
    expect(calls).toBe(1);
    expect((await governor.snapshot()).endpoints[0]).toMatchObject({ limit: 8, throttles: 0 });
  });

  it('holds the endpoint until Retry-After and retries the throttled call itself', async () => {
    const clock = createManualClock('2026-03-31T12:00:00.000Z');
    const governor = createGovernor({
      clock,
      mode: 'local',
      processId: 'p1',
      endpoints: { dataverse: { maxConcurrency: 4 } },
      retryOnThrottle: { budgetMs: 30_000 },
      random: () => 0,
    });
    const started: string[] = [];
    let attempts = 0;
    const throttled = governor.run('dataverse', async () => {
      attempts += 1;
      started.push(clock.now().toISOString());
      if (attempts === 1) throw new RetryAfterError('Rate limit exceeded', new Date('2026-03-31T12:00:30.000Z'), { status: 429, kind: 'rate_limit' });
      return 'ok';
    });
    await flush();
    const other = governor.run('dataverse', async () => void started.push(`other ${clock.now().toISOString()}`));
    await flush();
    expect(started).toEqual(['2026-03-31T12:00:00.000Z']);
    expect((await governor.snapshot()).endpoints[0]?.holdUntil?.toISOString()).toBe('2026-03-31T12:00:30.000Z');
    await clock.advance(29_000);
    await flush();
    expect(started).toHaveLength(1);
    await clock.advance(1_000);
    await flush();
    await flush();
    expect(await throttled).toBe('ok');
    await other;
    expect(started.slice(1).sort()).toEqual(['2026-03-31T12:00:30.000Z', 'other 2026-03-31T12:00:30.000Z']);
    expect((await governor.snapshot()).endpoints[0]).toMatchObject({ retried: 1, throttles: 1, successes: 2 });
  });

  it('spaces calls to the configured request rate', async () => {
    const clock = createManualClock('2026-01-05T09:00:00.000Z');
    const governor = createGovernor({ clock, mode: 'local', processId: 'p1', endpoints: { kantata: { maxConcurrency: 10, requestsPerSecond: 2 } } });
    const startedAt: number[] = [];
    const t0 = clock.now().getTime();
    const calls = Array.from({ length: 4 }, () => governor.run('kantata', async () => void startedAt.push(clock.now().getTime() - t0)));
    for (let i = 0; i < 4; i += 1) {
      await flush();
      await clock.advance(500);
    }
    await Promise.all(calls);
    expect(startedAt).toEqual([0, 500, 1000, 1500]);
  });

  it('refuses an unknown endpoint', async () => {
    const governor = createGovernor({ clock: createManualClock(), mode: 'local', processId: 'p1', endpoints: {} });
    await expect(governor.run('nowhere', async () => 1)).rejects.toThrow(/unknown endpoint/);
  });
});
