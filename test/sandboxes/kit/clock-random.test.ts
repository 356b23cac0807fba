import { describe, expect, it } from 'vitest';
import { createSandboxClock } from '../../../src/sandboxes/kit/clock.js';
import { createRandom } from '../../../src/sandboxes/kit/random.js';

describe('sandbox clock', () => {
  it('manual mode stands still and moves only when told', () => {
    const clock = createSandboxClock('2026-03-02T10:00:00Z', 'manual');
    expect(clock.now().toISOString()).toBe('2026-03-02T10:00:00.000Z');
    clock.advance(86_400_000);
    expect(clock.now().toISOString()).toBe('2026-03-03T10:00:00.000Z');
    clock.set('2027-01-01T00:00:00Z');
    expect(clock.now().toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('wall mode follows real time from a settable base', () => {
    const clock = createSandboxClock('2030-01-01T00:00:00Z');
    const first = clock.now().getTime();
    expect(first).toBeGreaterThanOrEqual(Date.parse('2030-01-01T00:00:00Z'));
    expect(first).toBeLessThan(Date.parse('2030-01-01T00:01:00Z'));
    clock.advance(3_600_000);
    expect(clock.now().getTime() - first).toBeGreaterThanOrEqual(3_600_000);
  });

  it('rejects an invalid start', () => {
    expect(() => createSandboxClock('not a date')).toThrow();
  });
});

describe('seeded random', () => {
  it('replays the same sequence from the same seed and differs across seeds', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const seqA = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(seqA);
  });

  it('int stays within bounds inclusive and chance respects 0 and 1', () => {
    const r = createRandom(7);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i += 1) {
      const v = r.int(3, 6);
      expect(v).toBeGreaterThanOrEqual(3);
      expect(v).toBeLessThanOrEqual(6);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
    expect(r.chance(0)).toBe(false);
    expect(r.chance(1)).toBe(true);
    expect(['x', 'y']).toContain(r.pick(['x', 'y']));
    expect(() => r.pick([])).toThrow();
  });
});
