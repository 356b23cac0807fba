import type { Clock } from '../clock.js';

/** A slot lease this process holds, as the heartbeat renews it. */
export interface HeldLease {
  endpointId: string;
  slot: number;
  leaseId: string;
}

/** Renews the leases of the slots this process holds while it holds any. */
export interface LeaseHeartbeat {
  /** A slot was granted: renew it from now on. */
  hold(lease: HeldLease): void;
  /** The slot was released (or given up): stop renewing it. */
  drop(leaseId: string): void;
  /** Leases currently renewed. */
  readonly held: number;
  /** Stops renewing (held slots then expire `leaseMs` after their last renewal). */
  close(): Promise<void>;
}

/**
 * Every `intervalMs` of `clock` time, while at least one lease is held, calls `renew` with all held
 * leases (one statement for all of them). It runs only while something is held (the loop ends when
 * the last lease is dropped), so an idle process has no timer and no store traffic. `renew` answers
 * the lease ids it could no longer renew (taken over after expiring): those are dropped. A failed
 * renewal is retried on the next beat.
 */
export function createLeaseHeartbeat(options: {
  clock: Clock;
  intervalMs: number;
  renew: (leases: HeldLease[]) => Promise<string[]>;
}): LeaseHeartbeat {
  const { clock, intervalMs, renew } = options;
  const leases = new Map<string, HeldLease>();
  let closed = false;
  /** The loop renewing now, if any. A stopped loop is detached at once, so a new lease never waits on it. */
  let active: Loop | null = null;
  const finishing = new Set<Promise<void>>();

  interface Loop {
    stopped: boolean;
    /** One controller per sleep (a long-lived signal would collect a listener per sleep on some clocks). */
    sleeping: AbortController | null;
  }

  async function beat(loop: Loop): Promise<void> {
    try {
      while (!loop.stopped) {
        loop.sleeping = new AbortController();
        await clock.sleep(intervalMs, loop.sleeping.signal);
        loop.sleeping = null;
        if (loop.stopped) return;
        try {
          const lost = await renew([...leases.values()]);
          for (const leaseId of lost) leases.delete(leaseId);
        } catch {
          // Store unavailable: the next beat tries again (a lease is renewed three times per lease period).
        }
        if (leases.size === 0) stop(loop);
      }
    } catch {
      // Sleep aborted: closed, or the last lease was dropped.
    }
  }

  function stop(loop: Loop): void {
    loop.stopped = true;
    loop.sleeping?.abort();
    if (active === loop) active = null;
  }

  return {
    hold(lease) {
      leases.set(lease.leaseId, lease);
      if (active || closed) return;
      const loop: Loop = { stopped: false, sleeping: null };
      active = loop;
      const done = beat(loop).finally(() => finishing.delete(done));
      finishing.add(done);
    },
    drop(leaseId) {
      leases.delete(leaseId);
      // Nothing left to renew: end the loop now rather than at its next beat (no timer left behind).
      if (leases.size === 0 && active) stop(active);
    },
    get held() {
      return leases.size;
    },
    async close() {
      closed = true;
      if (active) stop(active);
      await Promise.all([...finishing]);
    },
  };
}
