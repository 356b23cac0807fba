/** Sliding-window request limit on the sandbox clock (Anaplan: about 600 requests per minute). */
import type { SandboxClock } from '../kit/clock.js';

/** The limit: at most `requests` accepted in any `windowMs` of sandbox time. */
export interface RateLimit {
  requests: number;
  windowMs: number;
}

/** Admits or refuses requests. */
export interface RateLimiter {
  /** True when the request is admitted (and counted). */
  admit(): boolean;
  configure(limit: RateLimit): void;
  current(): RateLimit;
  clear(): void;
}

/** Creates a limiter; only admitted requests count, so a throttled client recovers after the window. */
export function createRateLimiter(options: { clock: SandboxClock; limit: RateLimit }): RateLimiter {
  let limit = options.limit;
  let admitted: number[] = [];
  return {
    admit() {
      const now = options.clock.now().getTime();
      const start = now - limit.windowMs;
      let drop = 0;
      while (drop < admitted.length && admitted[drop]! <= start) drop += 1;
      if (drop > 0) admitted = admitted.slice(drop);
      if (admitted.length >= limit.requests) return false;
      admitted.push(now);
      return true;
    },
    configure(next) {
      limit = next;
    },
    current: () => limit,
    clear() {
      admitted = [];
    },
  };
}
