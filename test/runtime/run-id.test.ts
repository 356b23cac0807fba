import { describe, expect, it } from 'vitest';
import { runIdFor } from '../../src/runtime/runs/new-run-id.js';

describe('run ids', () => {
  it('are derived from the event position and the flow: one id per (event, flow), in log order', () => {
    expect(runIdFor('time-to-ledger', 1)).toBe('tl_run_0000000000001_time-to-ledger');
    expect(runIdFor('time-to-ledger', 1)).toBe(runIdFor('time-to-ledger', 1));
    expect(runIdFor('time-to-ledger', 1)).not.toBe(runIdFor('worker-sync', 1));
    const positions = [9, 10, 35, 36, 1_295, 1_296, 123_456_789, Number.MAX_SAFE_INTEGER];
    const ids = positions.map((p) => runIdFor('f', p));
    expect([...ids].sort()).toEqual(ids);
  });

  it('refuse a position that is not a positive integer, or an empty flow', () => {
    expect(() => runIdFor('f', 0)).toThrow(RangeError);
    expect(() => runIdFor('f', 1.5)).toThrow(RangeError);
    expect(() => runIdFor('', 1)).toThrow(RangeError);
  });
});
