import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createManualClock, systemClock } from '../../src/runtime/clock.js';

describe('clocks', () => {
  it('a manual sleep that ends normally leaves no listener on its signal (long-lived loops sleep on one signal)', async () => {
    const clock = createManualClock();
    const signal = new AbortController().signal;
    for (let i = 0; i < 20; i++) {
      const sleeping = clock.sleep(1_000, signal);
      await clock.advance(1_000);
      await sleeping;
    }
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('an aborted manual sleep rejects with the reason and never wakes later', async () => {
    const clock = createManualClock();
    const controller = new AbortController();
    const sleeping = clock.sleep(1_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
    await clock.advance(5_000);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('a system sleep that ends normally leaves no listener on its signal', async () => {
    const signal = new AbortController().signal;
    for (let i = 0; i < 3; i++) await systemClock.sleep(1, signal);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });
});
