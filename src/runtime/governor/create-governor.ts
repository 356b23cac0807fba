import type { Kysely } from 'kysely';
import type { Database } from '../../persistence/schema.js';
import type { Clock } from '../clock.js';
import { WaitError, type VendorErrorDetails } from '../errors.js';
import { DEFAULT_ADAPTIVE_POLICY, type AdaptivePolicy } from './adaptive-limit.js';
import { DEFAULT_THROTTLE_BUDGET_MS, type EndpointBudget, type GovernedCallOptions, type GovernorSnapshot, type ThrottleRetryPolicy } from './governor-types.js';
import { createLocalSlotPool } from './local-slot-pool.js';
import { createSharedSlotPool } from './shared-slot-pool.js';
import type { CallOutcome, SlotLease, SlotPool } from './slot-pool.js';
import { throttleSignalOf } from './throttle-signal.js';

/** How to build a governor. `shared` needs `store` (PostgreSQL: slots are leased through tables). */
export interface GovernorOptions {
  clock: Clock;
  endpoints: Record<string, EndpointBudget>;
  processId: string;
  mode: 'local' | 'shared';
  store?: Kysely<Database> | undefined;
  /**
   * Throttled calls are re-issued after their wait (Retry-After / backoff) while the call's total wait
   * stays within `budgetMs` (default 30 s; an endpoint's `throttleBudgetMs` wins); past it, WaitError.
   * Without this option the governor waits in no call (budget 0: a throttle is a WaitError at once).
   */
  retryOnThrottle?: ThrottleRetryPolicy | undefined;
  adaptive?: Partial<AdaptivePolicy> | undefined;
  /**
   * Shared mode: a slot whose lease is not renewed for this long (a dead process) becomes reclaimable.
   * A live process renews the leases of its running calls every third of it. Default 120 s.
   */
  leaseMs?: number | undefined;
  /** Shared mode: how often a process short of slots asks again. Default 20 ms. */
  pollIntervalMs?: number | undefined;
  /** Jitter source for backoff (injectable for tests). */
  random?: (() => number) | undefined;
}

/** One budget per target endpoint, shared by every flow and worker that calls it. */
export interface Governor {
  /**
   * Runs `fn` once a slot of `endpointId` is free; adapts the budget to how it ended. A throttled call
   * is re-issued after its wait within the endpoint's throttle budget; past the budget it ends with a
   * WaitError (not a failure: the step waits until its retryAt without spending an attempt).
   */
  run<T>(endpointId: string, fn: () => Promise<T>, options?: GovernedCallOptions): Promise<T>;
  snapshot(): Promise<GovernorSnapshot>;
  /**
   * Stops the shared-mode lease heartbeat (call on shutdown, after the calls have finished; the
   * heartbeat only runs while calls hold slots). Slots still held then expire a lease period later.
   */
  close(): Promise<void>;
}

interface Waiter {
  priority: number;
  order: number;
  resolve(lease: SlotLease): void;
  reject(error: unknown): void;
}

interface EndpointQueue {
  id: string;
  waiters: Waiter[];
  pumping: boolean;
  kicked: boolean;
  wake: (() => void) | null;
  inFlight: number;
  successes: number;
  throttles: number;
  retried: number;
  deferred: number;
}

/** Creates a governor over in-process slots (`local`) or PostgreSQL-leased slots (`shared`). */
export function createGovernor(options: GovernorOptions): Governor {
  const { clock } = options;
  const policy: AdaptivePolicy = { ...DEFAULT_ADAPTIVE_POLICY, ...options.adaptive };
  const random = options.random ?? Math.random;
  const pool: SlotPool =
    options.mode === 'shared'
      ? createSharedSlotPool({
          store: requireStore(options.store),
          clock,
          endpoints: options.endpoints,
          processId: options.processId,
          policy,
          leaseMs: options.leaseMs ?? 120_000,
          pollIntervalMs: options.pollIntervalMs ?? 20,
        })
      : createLocalSlotPool({ clock, endpoints: options.endpoints, policy });
  const queues = new Map<string, EndpointQueue>();
  for (const id of Object.keys(options.endpoints)) {
    queues.set(id, { id, waiters: [], pumping: false, kicked: false, wake: null, inFlight: 0, successes: 0, throttles: 0, retried: 0, deferred: 0 });
  }
  let nextOrder = 0;

  const queueOf = (endpointId: string): EndpointQueue => {
    const queue = queues.get(endpointId);
    if (!queue) throw new Error(`governor: unknown endpoint "${endpointId}"`);
    return queue;
  };

  const kick = (queue: EndpointQueue) => {
    queue.kicked = true;
    const wake = queue.wake;
    queue.wake = null;
    wake?.();
    void pump(queue);
  };

  /** Hands free slots to waiters, highest priority first, until slots or waiters run out. */
  async function pump(queue: EndpointQueue): Promise<void> {
    if (queue.pumping) return;
    queue.pumping = true;
    try {
      while (queue.waiters.length > 0) {
        queue.kicked = false;
        const top = queue.waiters[0]!.priority;
        const wanted = countAtPriority(queue.waiters, top);
        let attempt;
        try {
          attempt = await pool.tryAcquire(queue.id, wanted, top);
        } catch (error) {
          for (const waiter of queue.waiters.splice(0)) waiter.reject(error);
          return;
        }
        for (const lease of attempt.leases) queue.waiters.shift()!.resolve(lease);
        if (top > 0 && attempt.leases.length > 0 && queue.waiters[0]?.priority !== top) {
          await pool.stopWaiting(queue.id, top).catch(() => undefined);
        }
        if (queue.waiters.length === 0) break;
        if (queue.kicked || (attempt.leases.length === wanted && attempt.leases.length > 0)) continue;
        await waitForSlot(queue, attempt.retryInMs);
      }
    } finally {
      queue.pumping = false;
    }
  }

  /** Resolves on a local release, or when a time-based block (hold, rate, remote slots) may have lifted. */
  function waitForSlot(queue: EndpointQueue, retryInMs: number | null): Promise<void> {
    return new Promise((resolve) => {
      const timer = retryInMs === null ? null : new AbortController();
      queue.wake = () => {
        timer?.abort();
        resolve();
      };
      if (timer) {
        clock.sleep(Math.max(1, retryInMs ?? 1), timer.signal).then(
          () => {
            queue.wake = null;
            resolve();
          },
          () => undefined,
        );
      }
    });
  }

  function acquire(queue: EndpointQueue, priority: number, order: number): Promise<SlotLease> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { priority, order, resolve, reject };
      let index = queue.waiters.length;
      while (index > 0 && outranks(waiter, queue.waiters[index - 1]!)) index -= 1;
      queue.waiters.splice(index, 0, waiter);
      void pump(queue);
    });
  }

  /** The endpoint's own budget, else the governor's (30 s when `retryOnThrottle` omits it); no `retryOnThrottle`: 0. */
  function throttleBudgetOf(endpointId: string): number {
    const own = options.endpoints[endpointId]?.throttleBudgetMs;
    const governorWide = options.retryOnThrottle ? (options.retryOnThrottle.budgetMs ?? DEFAULT_THROTTLE_BUDGET_MS) : 0;
    return Math.max(0, own ?? governorWide);
  }

  function backoffMs(attempt: number, retryAt: Date | null): number {
    const initial = options.retryOnThrottle?.initialBackoffMs ?? 50;
    const max = options.retryOnThrottle?.maxBackoffMs ?? 5_000;
    const exponential = Math.min(max, initial * 2 ** (attempt - 1));
    const jittered = exponential * (0.5 + random() / 2);
    const untilRetryAt = retryAt ? retryAt.getTime() - clock.now().getTime() : 0;
    return Math.max(untilRetryAt, jittered);
  }

  return {
    async run<T>(endpointId: string, fn: () => Promise<T>, callOptions?: GovernedCallOptions): Promise<T> {
      const queue = queueOf(endpointId);
      const priority = callOptions?.priority ?? 0;
      const budgetMs = throttleBudgetOf(endpointId);
      const order = nextOrder++;
      let waitedMs = 0;
      for (let attempt = 1; ; attempt += 1) {
        const lease = await acquire(queue, priority, order);
        queue.inFlight += 1;
        let outcome: CallOutcome;
        let result: T | undefined;
        let failure: unknown;
        try {
          result = await fn();
          outcome = { kind: 'success' };
        } catch (error) {
          failure = error;
          const signal = throttleSignalOf(error);
          outcome = signal ? { kind: 'throttle', retryAt: signal.retryAt } : { kind: 'other_failure' };
        }
        queue.inFlight -= 1;
        // A lost release only costs the slot until its lease expires; never the call's result.
        await pool.release(lease, outcome).catch(() => undefined);
        kick(queue);
        if (outcome.kind === 'success') {
          queue.successes += 1;
          return result as T;
        }
        if (outcome.kind !== 'throttle') throw failure;
        queue.throttles += 1;
        // The wait is measured on the clock, so a long Retry-After (a spent daily allowance) ends the
        // call at once: the run is rescheduled for then instead of a call sleeping for hours.
        const waitMs = backoffMs(attempt, outcome.retryAt);
        if (waitedMs + waitMs <= budgetMs) {
          queue.retried += 1;
          waitedMs += waitMs;
          await clock.sleep(waitMs);
          continue;
        }
        queue.deferred += 1;
        throw throttleWaitError(endpointId, failure, new Date(clock.now().getTime() + waitMs), waitedMs, budgetMs);
      }
    },
    async snapshot(): Promise<GovernorSnapshot> {
      const endpoints = [];
      for (const queue of queues.values()) {
        const budget = await pool.describe(queue.id);
        endpoints.push({
          endpointId: queue.id,
          ...budget,
          inFlight: queue.inFlight,
          waiting: queue.waiters.length,
          successes: queue.successes,
          throttles: queue.throttles,
          retried: queue.retried,
          deferred: queue.deferred,
        });
      }
      return { mode: pool.mode, endpoints, storeRoundTrips: pool.roundTrips };
    },
    close: () => pool.close(),
  };
}

/** The WaitError of a throttle past the budget: the vendor's details and kind, the throttle as its cause. */
function throttleWaitError(endpointId: string, failure: unknown, retryAt: Date, waitedMs: number, budgetMs: number): WaitError {
  const original = failure as { message?: unknown; details?: VendorErrorDetails } | undefined;
  const details: VendorErrorDetails = { ...original?.details, kind: original?.details?.kind ?? 'rate_limit' };
  const message = typeof original?.message === 'string' ? original.message : String(failure);
  return new WaitError(
    `${endpointId}: throttled past the ${budgetMs} ms budget (waited ${waitedMs} ms); wait until ${retryAt.toISOString()}: ${message}`,
    retryAt,
    details,
    { cause: failure },
  );
}

function outranks(a: Waiter, b: Waiter): boolean {
  return a.priority > b.priority || (a.priority === b.priority && a.order < b.order);
}

function countAtPriority(waiters: Waiter[], priority: number): number {
  let count = 0;
  while (count < waiters.length && waiters[count]!.priority === priority) count += 1;
  return count;
}

function requireStore(store: Kysely<Database> | undefined): Kysely<Database> {
  if (!store) throw new Error('governor: shared mode needs a store (PostgreSQL)');
  return store;
}
