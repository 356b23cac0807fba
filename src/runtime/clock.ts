/**
 * Every time read in the hub goes through a Clock, so tests and simulations can move time
 * deterministically (a simulated quarter runs in minutes; no test sleeps on the wall clock).
 */
export interface Clock {
  /** Current instant. */
  now(): Date;
  /** Resolves after `ms` of this clock's time. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal!.reason);
      };
      // The listener is removed when the timer fires: a worker's idle loop sleeps on one long-lived
      // signal, and leaked listeners (each holding its closure) would grow without bound.
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** A clock that only moves when told to; sleepers wake when `advance` passes their deadline. */
export interface ManualClock extends Clock {
  advance(ms: number): Promise<void>;
  set(instant: Date): Promise<void>;
}

/** Creates a manual clock starting at `start`. */
export function createManualClock(start: Date | string = '2026-01-05T09:00:00.000Z'): ManualClock {
  let current = new Date(start).getTime();
  const sleepers: { at: number; wake: () => void }[] = [];
  const wakeDue = async () => {
    sleepers.sort((a, b) => a.at - b.at);
    while (sleepers.length > 0 && sleepers[0]!.at <= current) {
      sleepers.shift()!.wake();
      await Promise.resolve();
    }
  };
  return {
    now: () => new Date(current),
    sleep(ms, signal) {
      if (ms <= 0) return Promise.resolve();
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const onAbort = () => {
          const index = sleepers.indexOf(sleeper);
          if (index >= 0) sleepers.splice(index, 1);
          reject(signal!.reason);
        };
        // Like the system clock: a normal wake removes the listener (loops sleep on one long-lived signal).
        const sleeper = {
          at: current + ms,
          wake: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        sleepers.push(sleeper);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    async advance(ms) {
      current += ms;
      await wakeDue();
    },
    async set(instant) {
      current = instant.getTime();
      await wakeDue();
    },
  };
}
