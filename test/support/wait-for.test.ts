import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/runtime/clock.js';
import { waitFor } from './wait-for.js';

describe('waitFor', () => {
  it('resolves once a condition another task brings about holds, sync or async', async () => {
    let done = false;
    void Promise.resolve().then(() => setImmediate(() => (done = true)));
    await waitFor(() => done, { what: 'the flag' });
    let checks = 0;
    await waitFor(async () => ++checks === 3, { what: 'the third check' });
    expect(checks).toBe(3);
  });

  it('fails after the bound with a message naming what it waited for', async () => {
    await expect(waitFor(() => false, { what: 'the slot to be free', timeoutMs: 50 })).rejects.toThrow('timed out after 50 ms waiting for the slot to be free');
  });

  it('runs `between` between checks (moving a manual clock until a sleeper wakes)', async () => {
    const clock = createManualClock();
    let woke = false;
    void clock.sleep(5_000).then(() => (woke = true));
    await waitFor(() => woke, { what: 'the sleeper to wake', between: () => clock.advance(1_000) });
    expect(clock.now().toISOString()).toBe('2026-01-05T09:00:05.000Z');
  });
});
