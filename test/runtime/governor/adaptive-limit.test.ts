import { describe, expect, it } from 'vitest';
import { afterSuccess, afterThrottle, growthCap, initialAdaptiveState } from '../../../src/runtime/governor/adaptive-limit.js';
import { createTokenBucket, takeTokens } from '../../../src/runtime/governor/token-bucket.js';

const policy = { decreaseFactor: 0.5, ceilingTtlMs: 60_000 };

describe('adaptive limit', () => {
  it('halves once per epoch and learns a ceiling one below the refused concurrency', () => {
    let state = initialAdaptiveState(16);
    state = afterThrottle(state, { epochAtStart: 0, fewestInFlight: 9, retryAtMs: null }, 0, policy);
    expect(state).toMatchObject({ limit: 8, epoch: 1, ceiling: 8 });
    // A second 429 from a call started before the decrease does not halve again...
    state = afterThrottle(state, { epochAtStart: 0, fewestInFlight: 16, retryAtMs: null }, 1, policy);
    expect(state).toMatchObject({ limit: 8, epoch: 1, ceiling: 8 });
    // ...but one that started with fewer in flight tightens the ceiling.
    state = afterThrottle(state, { epochAtStart: 0, fewestInFlight: 8, retryAtMs: null }, 1, policy);
    expect(state).toMatchObject({ limit: 7, epoch: 1, ceiling: 7 });
    state = afterThrottle(state, { epochAtStart: 1, fewestInFlight: 6, retryAtMs: null }, 2, policy);
    expect(state).toMatchObject({ limit: 3, epoch: 2, ceiling: 5 });
  });

  it('grows by one per full window of successes up to the learned ceiling, then probes after the TTL', () => {
    let state = afterThrottle(initialAdaptiveState(16), { epochAtStart: 0, fewestInFlight: 6, retryAtMs: null }, 0, policy);
    expect(state.limit).toBe(5);
    state = { ...state, limit: 3 };
    for (let i = 0; i < 3; i += 1) state = afterSuccess(state, 10);
    expect(state.limit).toBe(4);
    for (let i = 0; i < 100; i += 1) state = afterSuccess(state, 10);
    expect(state.limit).toBe(5);
    expect(growthCap(state, 10)).toBe(5);
    for (let i = 0; i < 5; i += 1) state = afterSuccess(state, 60_001);
    expect(state.limit).toBe(6);
    for (let i = 0; i < 1000; i += 1) state = afterSuccess(state, 60_001);
    expect(state.limit).toBe(16);
  });

  it('never drops below the floor and records the retry-after hold', () => {
    let state = initialAdaptiveState(4, 2);
    state = afterThrottle(state, { epochAtStart: 0, fewestInFlight: 1, retryAtMs: 5_000 }, 0, policy);
    expect(state).toMatchObject({ limit: 2, holdUntil: 5_000 });
    state = afterThrottle(state, { epochAtStart: 0, fewestInFlight: 1, retryAtMs: 3_000 }, 0, policy);
    expect(state.holdUntil).toBe(5_000);
  });
});

describe('token bucket', () => {
  it('grants at the configured rate', () => {
    const bucket = createTokenBucket(2, 1, 0);
    expect(takeTokens(bucket, 3, 0)).toEqual({ granted: 1, nextTokenInMs: 500 });
    expect(takeTokens(bucket, 3, 250).granted).toBe(0);
    expect(takeTokens(bucket, 3, 500).granted).toBe(1);
    expect(takeTokens(bucket, 3, 5_000).granted).toBe(1);
  });
});
