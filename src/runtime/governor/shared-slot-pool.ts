import { sql, type Kysely } from 'kysely';
import type { Database } from '../../persistence/schema.js';
import type { Clock } from '../clock.js';
import { afterSuccess, afterThrottle, growthCap, successChangesState, type AdaptiveLimitState, type AdaptivePolicy } from './adaptive-limit.js';
import type { EndpointBudget } from './governor-types.js';
import { createLeaseHeartbeat, type HeldLease } from './lease-heartbeat.js';
import type { AcquireAttempt, CallOutcome, SlotLease, SlotPool } from './slot-pool.js';

interface EndpointRow {
  current_limit: number;
  max_concurrency: number;
  min_concurrency: number;
  streak: number;
  epoch: number;
  ceiling: number | null;
  ceiling_until: Date | null;
  hold_until: Date | null;
}

/**
 * Slots leased through PostgreSQL so N processes share one budget per endpoint. A call costs two
 * round trips when a slot is free (acquire, release); a request rate, when set, is one token bucket on the
 * endpoint row (spent in the acquire statement), so it is global too; adapting the limit (only below the cap) costs
 * a short transaction on the endpoint row. Slots numbered at or above the current limit are not
 * handed out, so a lowered limit takes hold as running calls finish. While this process holds slots,
 * a heartbeat renews all their leases every third of `leaseMs` (one statement), so a call longer
 * than the lease keeps its slot; a process that dies stops renewing and its slots expire.
 */
export function createSharedSlotPool(options: {
  store: Kysely<Database>;
  clock: Clock;
  endpoints: Record<string, EndpointBudget>;
  processId: string;
  policy: AdaptivePolicy;
  leaseMs: number;
  pollIntervalMs: number;
}): SlotPool {
  const { store, clock, processId, policy, leaseMs, pollIntervalMs } = options;
  let roundTrips = 0;
  let leaseCounter = 0;
  let prepared: Promise<void> | null = null;
  /** Budget as seen by each lease's acquire: decides whether a success needs a write. */
  const stateAtAcquire = new Map<string, AdaptiveLimitState>();
  const waitingAt = new Set<string>();
  const heartbeat = createLeaseHeartbeat({
    clock,
    intervalMs: Math.max(1, Math.floor(leaseMs / 3)),
    renew: async (held) => {
      roundTrips += 1;
      const sorted = [...held].sort((a, b) => a.endpointId.localeCompare(b.endpointId) || a.slot - b.slot);
      const renewed = await sql<{ lease_id: string }>`
        update tl_governor_slot s set expires_at = ${new Date(clock.now().getTime() + leaseMs).toISOString()}
        from unnest(${sorted.map((l) => l.endpointId)}::text[], ${sorted.map((l) => l.slot)}::int[], ${sorted.map((l) => l.leaseId)}::text[])
          as h(endpoint_id, slot_no, lease_id)
        where s.endpoint_id = h.endpoint_id and s.slot_no = h.slot_no and s.lease_id = h.lease_id and s.holder = ${processId}
        returning s.lease_id`.execute(store);
      const kept = new Set(renewed.rows.map((row) => row.lease_id));
      return sorted.filter((lease: HeldLease) => !kept.has(lease.leaseId)).map((lease) => lease.leaseId);
    },
  });

  const prepare = () => (prepared ??= provisionEndpoints());

  async function provisionEndpoints(): Promise<void> {
    for (const [endpointId, budget] of Object.entries(options.endpoints)) {
      const min = Math.max(1, Math.min(budget.minConcurrency ?? 1, budget.maxConcurrency));
      roundTrips += 1;
      await sql`
        with endpoint as (
          insert into tl_governor_endpoint (endpoint_id, max_concurrency, min_concurrency, current_limit, requests_per_second, burst)
          values (${endpointId}, ${budget.maxConcurrency}, ${min}, ${budget.maxConcurrency},
                  ${budget.requestsPerSecond ?? null}::float8, ${budget.requestsPerSecond ? (budget.burst ?? 1) : null}::float8)
          on conflict (endpoint_id) do update set
            max_concurrency = excluded.max_concurrency,
            min_concurrency = excluded.min_concurrency,
            requests_per_second = excluded.requests_per_second,
            burst = excluded.burst,
            current_limit = least(tl_governor_endpoint.current_limit, excluded.max_concurrency)
          returning endpoint_id
        )
        insert into tl_governor_slot (endpoint_id, slot_no)
        select endpoint_id, n from endpoint, generate_series(0, ${budget.maxConcurrency - 1}) as n
        on conflict do nothing`.execute(store);
    }
  }

  async function adapt(lease: SlotLease, outcome: CallOutcome): Promise<void> {
    roundTrips += 4;
    await store.transaction().execute(async (trx) => {
      const row = (
        await sql<EndpointRow>`select * from tl_governor_endpoint where endpoint_id = ${lease.endpointId} for update`.execute(trx)
      ).rows[0];
      if (!row) throw new Error(`governor: endpoint "${lease.endpointId}" is not provisioned`);
      const now = clock.now().getTime();
      const state = toState(row);
      const next =
        outcome.kind === 'success'
          ? afterSuccess(state, now)
          : outcome.kind === 'throttle'
            ? afterThrottle(
                state,
                { epochAtStart: lease.epochAtStart, fewestInFlight: lease.fewestInFlight, retryAtMs: outcome.retryAt?.getTime() ?? null },
                now,
                policy,
              )
            : state;
      await sql`
        with released as (
          update tl_governor_slot set holder = null, lease_id = null, expires_at = null
          where endpoint_id = ${lease.endpointId} and slot_no = ${lease.slot} and lease_id = ${lease.leaseId}
        )
        update tl_governor_endpoint set
          current_limit = ${next.limit}, streak = ${next.streak}, epoch = ${next.epoch}, ceiling = ${next.ceiling},
          ceiling_until = ${toIso(next.ceilingUntil)}, hold_until = ${toIso(next.holdUntil)}
        where endpoint_id = ${lease.endpointId}`.execute(trx);
    });
  }

  return {
    mode: 'shared',
    get roundTrips() {
      return roundTrips;
    },
    async tryAcquire(endpointId, wanted, priority): Promise<AcquireAttempt> {
      if (!options.endpoints[endpointId]) throw new Error(`governor: unknown endpoint "${endpointId}"`);
      await prepare();
      const now = clock.now();
      const leasePrefix = `${processId}:${++leaseCounter}:`;
      roundTrips += 1;
      const rateLimited = Boolean(options.endpoints[endpointId]?.requestsPerSecond);
      const nowIso = now.toISOString();
      const freeSlots = sql`
          select s.slot_no from tl_governor_slot s
          where s.endpoint_id = ${endpointId}
            and s.slot_no < (select current_limit from endpoint)
            and (s.holder is null or s.expires_at <= ${nowIso})
            and coalesce((select hold_until from endpoint) <= ${nowIso}, true)
            and not exists (
              select 1 from tl_governor_waiter w
              where w.endpoint_id = ${endpointId} and w.priority > ${priority} and w.expires_at > ${nowIso})
          order by s.slot_no`;
      const leaseSlots = sql`
          update tl_governor_slot s
          set holder = ${processId}, lease_id = ${leasePrefix} || s.slot_no, expires_at = ${new Date(now.getTime() + leaseMs).toISOString()}
          from pick where s.endpoint_id = ${endpointId} and s.slot_no = pick.slot_no
          returning s.slot_no, s.lease_id`;
      const live = sql`
          select count(*)::int as n from tl_governor_slot
          where endpoint_id = ${endpointId} and holder is not null and expires_at > ${nowIso}`;
      // Without a rate the endpoint row is only read; with one it is locked to spend tokens atomically.
      const result = rateLimited
        ? await sql<AcquiredRow>`
            with endpoint as (
              select * from tl_governor_endpoint where endpoint_id = ${endpointId} for update
            ), bucket as (
              select least(e.burst, coalesce(e.rate_tokens, e.burst)
                + greatest(0, extract(epoch from (${nowIso}::timestamptz - coalesce(e.rate_updated_at, ${nowIso}::timestamptz))))
                  * e.requests_per_second)::float8 as tokens
              from endpoint e
            ), live as (${live}),
            pick as (${freeSlots} limit least(${wanted}, floor((select tokens from bucket))::int) for update of s skip locked),
            leased as (${leaseSlots}),
            spent as (
              update tl_governor_endpoint set rate_tokens = (select tokens from bucket) - (select count(*) from leased),
                rate_updated_at = ${nowIso} where endpoint_id = ${endpointId}
            )
            select l.slot_no, l.lease_id, live.n as live, b.tokens, e.*
            from endpoint e cross join live cross join bucket b left join leased l on true`.execute(store)
        : await sql<AcquiredRow>`
            with endpoint as (select * from tl_governor_endpoint where endpoint_id = ${endpointId}),
            live as (${live}),
            pick as (${freeSlots} limit ${wanted} for update of s skip locked),
            leased as (${leaseSlots})
            select l.slot_no, l.lease_id, live.n as live, null::float8 as tokens, e.*
            from endpoint e cross join live left join leased l on true`.execute(store);
      const acquired = result.rows.filter((row): row is AcquiredRow & { slot_no: number; lease_id: string } => row.slot_no !== null);
      const tokens = result.rows[0]?.tokens ?? null;
      const rate = options.endpoints[endpointId]?.requestsPerSecond ?? 0;
      const leases = acquired.map((row, index): SlotLease => {
        const lease = {
          endpointId,
          slot: row.slot_no,
          leaseId: row.lease_id,
          epochAtStart: row.epoch,
          fewestInFlight: row.live + index + 1,
        };
        stateAtAcquire.set(lease.leaseId, toState(row));
        heartbeat.hold(lease);
        return lease;
      });
      if (leases.length < wanted && priority > 0) {
        // Claim the next free slot for this priority across processes until we stop waiting.
        roundTrips += 1;
        waitingAt.add(`${endpointId}\u0000${priority}`);
        await sql`
          insert into tl_governor_waiter (endpoint_id, process_id, priority, expires_at)
          values (${endpointId}, ${processId}, ${priority}, ${new Date(now.getTime() + Math.max(5_000, pollIntervalMs * 20)).toISOString()})
          on conflict (endpoint_id, process_id, priority) do update set expires_at = excluded.expires_at`.execute(store);
      }
      if (leases.length >= wanted) return { leases, retryInMs: null };
      const spentAll = tokens !== null && rate > 0 && tokens - leases.length < 1;
      const tokenDueInMs = spentAll ? Math.ceil(((1 - (tokens - leases.length)) * 1000) / rate) : 0;
      return { leases, retryInMs: Math.max(pollIntervalMs, tokenDueInMs) };
    },
    async release(lease, outcome) {
      const seen = stateAtAcquire.get(lease.leaseId);
      stateAtAcquire.delete(lease.leaseId);
      heartbeat.drop(lease.leaseId);
      const now = clock.now().getTime();
      const mustAdapt = outcome.kind === 'throttle' || (outcome.kind === 'success' && (!seen || successChangesState(seen, now)));
      if (mustAdapt) return adapt(lease, outcome);
      roundTrips += 1;
      await sql`
        update tl_governor_slot set holder = null, lease_id = null, expires_at = null
        where endpoint_id = ${lease.endpointId} and slot_no = ${lease.slot} and lease_id = ${lease.leaseId}`.execute(store);
    },
    async stopWaiting(endpointId, priority) {
      const key = `${endpointId}\u0000${priority}`;
      if (!waitingAt.delete(key)) return;
      roundTrips += 1;
      await sql`
        delete from tl_governor_waiter
        where endpoint_id = ${endpointId} and process_id = ${processId} and priority = ${priority}`.execute(store);
    },
    close: () => heartbeat.close(),
    async describe(endpointId) {
      await prepare();
      roundTrips += 1;
      const row = (await sql<EndpointRow>`select * from tl_governor_endpoint where endpoint_id = ${endpointId}`.execute(store)).rows[0];
      if (!row) throw new Error(`governor: endpoint "${endpointId}" is not provisioned`);
      const state = toState(row);
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

interface AcquiredRow extends EndpointRow {
  slot_no: number | null;
  lease_id: string | null;
  live: number;
  tokens: number | null;
}

function toState(row: EndpointRow): AdaptiveLimitState {
  return {
    limit: row.current_limit,
    max: row.max_concurrency,
    min: row.min_concurrency,
    streak: row.streak,
    epoch: row.epoch,
    ceiling: row.ceiling,
    ceilingUntil: row.ceiling_until ? new Date(row.ceiling_until).getTime() : null,
    holdUntil: row.hold_until ? new Date(row.hold_until).getTime() : null,
  };
}

function toIso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
