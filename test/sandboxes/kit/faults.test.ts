import { describe, expect, it } from 'vitest';
import { createSandboxClock } from '../../../src/sandboxes/kit/clock.js';
import { createFaultController } from '../../../src/sandboxes/kit/faults.js';

const clock = () => createSandboxClock('2026-05-01T12:00:00Z', 'manual');

describe('fault controller', () => {
  it('is off by default', () => {
    const faults = createFaultController({ clock: clock() });
    expect(faults.decide('GET', '/x')).toEqual({ ruleIds: [], latencyMs: 0, action: { type: 'none' }, tokenExpiry: false });
  });

  it('matches by method and path regex only', () => {
    const faults = createFaultController({ clock: clock(), initial: { rules: [{ id: 'r', match: { method: 'post', path: '^/a/' }, errorRate: { '500': 1 } }] } });
    expect(faults.decide('GET', '/a/1').action.type).toBe('none');
    expect(faults.decide('POST', '/b/1').action.type).toBe('none');
    expect(faults.decide('POST', '/a/1')).toMatchObject({ ruleIds: ['r'], action: { type: 'error', kind: 'server_error', status: 500 } });
  });

  it('error rates add up across statuses and are deterministic from the seed', () => {
    const rules = { seed: 9, rules: [{ errorRate: { '502': 0.2, '503': 0.3 } }] };
    const run = () => {
      const faults = createFaultController({ clock: clock(), initial: rules });
      return Array.from({ length: 2000 }, () => faults.decide('GET', '/').action);
    };
    const first = run();
    expect(run()).toEqual(first);
    const s502 = first.filter((a) => a.type === 'error' && a.status === 502).length;
    const s503 = first.filter((a) => a.type === 'error' && a.status === 503 && a.kind === 'unavailable').length;
    expect(s502 / 2000).toBeGreaterThan(0.15);
    expect(s502 / 2000).toBeLessThan(0.25);
    expect(s503 / 2000).toBeGreaterThan(0.25);
    expect(s503 / 2000).toBeLessThan(0.35);
  });

  it('storms: every N-th request starts a run of 429s', () => {
    const faults = createFaultController({ clock: clock(), initial: { rules: [{ storm: { everyN: 5, length: 3 } }] } });
    const statuses = Array.from({ length: 12 }, () => {
      const a = faults.decide('GET', '/').action;
      return a.type === 'error' ? a.status : 200;
    });
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429, 429, 200, 200, 429, 429, 429]);
  });

  it('outage windows follow the sandbox clock', () => {
    const c = clock();
    const faults = createFaultController({ clock: c, initial: { rules: [{ outages: [{ from: '2026-05-01T13:00:00Z', to: '2026-05-01T14:00:00Z' }] }] } });
    expect(faults.decide('GET', '/').action.type).toBe('none');
    c.advance(90 * 60_000);
    expect(faults.decide('GET', '/').action).toEqual({ type: 'error', kind: 'unavailable', status: 503 });
    c.advance(60 * 60_000);
    expect(faults.decide('GET', '/').action.type).toBe('none');
  });

  it('latency, resets, timeout-after-commit and token expiry', () => {
    const faults = createFaultController({
      clock: clock(),
      initial: { rules: [{ id: 'slow', latencyMs: { min: 5, max: 10 } }, { id: 'drop', match: { path: 'drop' }, resetRate: 1 }, { id: 'tac', match: { path: 'commit' }, timeoutAfterCommitRate: 1, tokenExpiry: true }] },
    });
    const slow = faults.decide('GET', '/x');
    expect(slow.latencyMs).toBeGreaterThanOrEqual(5);
    expect(slow.latencyMs).toBeLessThanOrEqual(10);
    expect(faults.decide('GET', '/drop').action).toEqual({ type: 'reset' });
    const tac = faults.decide('POST', '/commit');
    expect(tac.action).toEqual({ type: 'timeoutAfterCommit' });
    expect(tac.tokenExpiry).toBe(true);
    expect(tac.ruleIds).toEqual(['slow', 'tac']);
  });

  it('a rule with a limit acts on that many requests, then stands aside', () => {
    const faults = createFaultController({ clock: clock(), initial: { rules: [{ id: 'once', match: { method: 'PUT' }, timeoutAfterCommitRate: 1, limit: 1 }] } });
    expect(faults.decide('GET', '/x').action.type).toBe('none');
    expect(faults.decide('PUT', '/x').action).toEqual({ type: 'timeoutAfterCommit' });
    expect(faults.decide('PUT', '/x').action.type).toBe('none');
    expect(faults.decide('PUT', '/x').ruleIds).toEqual([]);
  });

  it('rejects invalid rules and keeps the previous ones', () => {
    const faults = createFaultController({ clock: clock(), initial: { rules: [{ throttleRate: 1 }] } });
    expect(() => faults.set({ rules: [{ throttleRate: 2 }] })).toThrow();
    expect(faults.decide('GET', '/').action).toMatchObject({ status: 429, kind: 'throttled' });
  });
});
