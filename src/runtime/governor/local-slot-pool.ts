import type { Clock } from '../clock.js';
import { afterSuccess, afterThrottle, growthCap, initialAdaptiveState, type AdaptiveLimitState, type AdaptivePolicy } from './adaptive-limit.js';
import type { EndpointBudget } from './governor-types.js';
import type { AcquireAttempt, CallOutcome, SlotLease, SlotPool } from './slot-pool.js';
import { createTokenBucket, takeTokens, type TokenBucket } from './token-bucket.js';

interface LocalEndpoint {
  state: AdaptiveLimitState;
  bucket: TokenBucket | null;
  inFlight: number;
  nextLease: number;
  running: Set<SlotLease>;
}

/** Slots and adaptive limits in this process's memory: embedded mode (PGlite, demo, tests). */
export function createLocalSlotPool(options: {
  clock: Clock;
  endpoints: Record<string, EndpointBudget>;
  policy: AdaptivePolicy;
}): SlotPool {
  const { clock, policy } = options;
  const endpoints = new Map<string, LocalEndpoint>();
  const start = clock.now().getTime();
  for (const [id, budget] of Object.entries(options.endpoints)) {
    endpoints.set(id, {
      state: initialAdaptiveState(budget.maxConcurrency, budget.minConcurrency),
      bucket: budget.requestsPerSecond ? createTokenBucket(budget.requestsPerSecond, budget.burst ?? 1, start) : null,
      inFlight: 0,
      nextLease: 1,
      running: new Set(),
    });
  }
  const endpointOf = (id: string): LocalEndpoint => {
    const endpoint = endpoints.get(id);
    if (!endpoint) throw new Error(`governor: unknown endpoint "${id}"`);
    return endpoint;
  };

  return {
    mode: 'local',
    roundTrips: 0,
    async tryAcquire(endpointId, wanted): Promise<AcquireAttempt> {
      const endpoint = endpointOf(endpointId);
      const now = clock.now().getTime();
      if (endpoint.state.holdUntil !== null && endpoint.state.holdUntil > now) {
        return { leases: [], retryInMs: endpoint.state.holdUntil - now };
      }
      let count = Math.max(0, Math.min(wanted, endpoint.state.limit - endpoint.inFlight));
      let retryInMs: number | null = null;
      if (endpoint.bucket && count > 0) {
        const tokens = takeTokens(endpoint.bucket, count, now);
        if (tokens.granted < wanted) retryInMs = tokens.nextTokenInMs;
        count = tokens.granted;
      }
      const leases: SlotLease[] = [];
      for (let i = 0; i < count; i += 1) {
        endpoint.inFlight += 1;
        const lease = {
          endpointId,
          slot: endpoint.inFlight - 1,
          leaseId: String(endpoint.nextLease++),
          epochAtStart: endpoint.state.epoch,
          fewestInFlight: endpoint.inFlight,
        };
        endpoint.running.add(lease);
        leases.push(lease);
      }
      return { leases, retryInMs };
    },
    async release(lease, outcome: CallOutcome) {
      const endpoint = endpointOf(lease.endpointId);
      endpoint.running.delete(lease);
      endpoint.inFlight = Math.max(0, endpoint.inFlight - 1);
      for (const other of endpoint.running) other.fewestInFlight = Math.min(other.fewestInFlight, endpoint.inFlight);
      const now = clock.now().getTime();
      if (outcome.kind === 'success') endpoint.state = afterSuccess(endpoint.state, now);
      if (outcome.kind === 'throttle') {
        endpoint.state = afterThrottle(
          endpoint.state,
          { epochAtStart: lease.epochAtStart, fewestInFlight: lease.fewestInFlight, retryAtMs: outcome.retryAt?.getTime() ?? null },
          now,
          policy,
        );
      }
    },
    async stopWaiting() {},
    async close() {},
    async describe(endpointId) {
      const { state } = endpointOf(endpointId);
      const now = clock.now().getTime();
      const cap = growthCap(state, now);
      return {
        limit: state.limit,
        maxConcurrency: state.max,
        learnedCeiling: cap < state.max ? cap : null,
        holdUntil: state.holdUntil !== null && state.holdUntil > now ? new Date(state.holdUntil) : null,
      };
    },
  };
}
