/**
 * The adaptive concurrency limit of one endpoint as plain data (AIMD, like TCP congestion
 * control): halve on a throttle, +1 after a full window of successes, never above the configured max.
 * A throttle also teaches a ceiling — one below the concurrency at which the vendor refused — that
 * additive increase respects for `ceilingTtlMs`, so the governor does not keep probing a limit it has
 * just hit (the vendor's pool rarely changes; after the TTL it probes again).
 */
export interface AdaptiveLimitState {
  limit: number;
  max: number;
  min: number;
  /** Successes since the last change of limit. */
  streak: number;
  /** Bumped on every decrease: throttles from calls started in an older epoch are not counted twice. */
  epoch: number;
  ceiling: number | null;
  ceilingUntil: number | null;
  holdUntil: number | null;
}

/** Tuning of the adaptation. */
export interface AdaptivePolicy {
  decreaseFactor: number;
  ceilingTtlMs: number;
}

export const DEFAULT_ADAPTIVE_POLICY: AdaptivePolicy = { decreaseFactor: 0.5, ceilingTtlMs: 60_000 };

/** Starts at the configured max: no throttling has been seen yet. */
export function initialAdaptiveState(max: number, min = 1): AdaptiveLimitState {
  const floor = Math.max(1, Math.min(min, max));
  return { limit: max, max, min: floor, streak: 0, epoch: 0, ceiling: null, ceilingUntil: null, holdUntil: null };
}

/** The most the limit may grow to right now. */
export function growthCap(state: AdaptiveLimitState, nowMs: number): number {
  const ceilingActive = state.ceiling !== null && state.ceilingUntil !== null && state.ceilingUntil > nowMs;
  return ceilingActive ? Math.max(state.min, Math.min(state.max, state.ceiling ?? state.max)) : state.max;
}

/** True when a success would change the state (lets the shared store skip a write at the cap). */
export function successChangesState(state: AdaptiveLimitState, nowMs: number): boolean {
  return state.limit < growthCap(state, nowMs);
}

/** Additive increase: +1 once `limit` consecutive successes have been seen. */
export function afterSuccess(state: AdaptiveLimitState, nowMs: number): AdaptiveLimitState {
  const cap = growthCap(state, nowMs);
  if (state.limit >= cap) return state.streak === 0 ? state : { ...state, streak: 0 };
  const streak = state.streak + 1;
  if (streak < state.limit) return { ...state, streak };
  return { ...state, limit: Math.min(cap, state.limit + 1), streak: 0 };
}

/**
 * Multiplicative decrease, once per epoch; every throttle lowers the learned ceiling to one below the
 * fewest calls in flight during the throttled call; a retry-after holds the endpoint until then.
 */
export function afterThrottle(
  state: AdaptiveLimitState,
  call: { epochAtStart: number; fewestInFlight: number; retryAtMs: number | null },
  nowMs: number,
  policy: AdaptivePolicy = DEFAULT_ADAPTIVE_POLICY,
): AdaptiveLimitState {
  const holdUntil = call.retryAtMs === null ? state.holdUntil : Math.max(state.holdUntil ?? 0, call.retryAtMs);
  const refusedAt = Math.max(state.min, call.fewestInFlight - 1);
  const activeCeiling = state.ceiling !== null && state.ceilingUntil !== null && state.ceilingUntil > nowMs ? state.ceiling : state.max;
  const ceiling = Math.min(activeCeiling, refusedAt);
  if (call.epochAtStart !== state.epoch) {
    // Already halved for this burst; the call still tells how many in flight the vendor refused.
    return { ...state, holdUntil, ceiling, ceilingUntil: nowMs + policy.ceilingTtlMs, limit: Math.min(state.limit, ceiling) };
  }
  const limit = Math.max(state.min, Math.min(Math.floor(state.limit * policy.decreaseFactor), ceiling));
  return { ...state, limit, streak: 0, epoch: state.epoch + 1, ceiling, ceilingUntil: nowMs + policy.ceilingTtlMs, holdUntil };
}
