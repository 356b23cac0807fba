import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/runtime/clock.js';
import { NonRetryableError, RetryAfterError, RetryableError } from '../../../src/runtime/errors.js';
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

  it('halves the limit on a concurrency-limit failure and passes the error on without retry policy', async () => {
    const clock = createManualClock();
    const governor = createGovernor({ clock, mode: 'local', processId: 'p1', endpoints: { erp: { maxConcurrency: 8 } } });
    const blockers = Array.from({ length: 7 }, () => gate());
    const running = blockers.map((b) => governor.run('erp', () => b.done));
    await flush();
    await expect(
      governor.run('erp', async () => {
        throw new RetryableError('429 Too Many Requests', { status: 429, kind: 'concurrency_limit' });
      }),
    ).rejects.toThrow(/429/);
    expect((await governor.snapshot()).endpoints[0]).toMatchObject({ limit: 4, learnedCeiling: 7, throttles: 1, inFlight: 7 });
    // Seven successes are more than a window of four: additive increase by one.
    blockers.forEach((b) => b.open());
    await Promise.all(running);
    expect((await governor.snapshot()).endpoints[0]).toMatchObject({ limit: 5, learnedCeiling: 7 });
  });

  // Regression: a daily-allowance RetryAfterError (until midnight) made run() sleep inside the call for hours.
  it('hands a throttle whose Retry-After is beyond maxRetryAfterWaitMs back to the caller instead of waiting in the call', async () => {
    const clock = createManualClock('2026-03-31T12:00:00.000Z');
    const governor = createGovernor({
      clock,
      mode: 'local',
      processId: 'p1',
      endpoints: { crm: { maxConcurrency: 4 } },
      retryOnThrottle: { maxAttempts: 5, maxRetryAfterWaitMs: 60_000 },
    });
    let calls = 0;
    const midnight = new Date('2026-04-01T00:00:00.000Z');
    await expect(
      governor.run('crm', async () => {
        calls += 1;
        throw new RetryAfterError('TotalRequests Limit exceeded.', midnight, { status: 403, kind: 'daily_allowance' });
      }),
    ).rejects.toMatchObject({ name: 'RetryAfterError', retryAt: midnight });
    expect(calls).toBe(1);
    expect((await governor.snapshot()).endpoints[0]?.holdUntil?.toISOString()).toBe(midnight.toISOString());
  });

  it('does not treat an ordinary failure as a throttle', async () => {
    const clock = createManualClock();
    const governor = createGovernor({ clock, mode: 'local', processId: 'p1', endpoints: { erp: { maxConcurrency: 8 } }, retryOnThrottle: { maxAttempts: 5 } });
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
      retryOnThrottle: { maxAttempts: 3 },
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
