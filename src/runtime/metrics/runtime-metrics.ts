import { Counter, Gauge } from 'prom-client';
import { sql, type Kysely } from 'kysely';
import { moneyAsSampleValue, secondsSince, sharedPerScrape, type MetricsRegistry } from '../../observability/metrics.js';
import type { Database } from '../../persistence/schema.js';
import type { Clock } from '../clock.js';
import type { Governor } from '../governor/create-governor.js';

/** What the runtime metrics read. */
export interface RuntimeMetricsDeps {
  db: Kysely<Database>;
  clock: Clock;
  /** The hub's governor; without it no governor metric is registered. */
  governor?: Pick<Governor, 'snapshot'> | undefined;
}

interface RunGroupRow {
  flow_id: string;
  status: string;
  runs: number;
  due: number;
  oldest_due: Date | string | null;
}

interface ExceptionGroupRow {
  flow_id: string | null;
  category: string;
  owner_domain: string;
  currency: string | null;
  exceptions: number;
  impact: string | null;
}

/**
 * Registers the runtime's metrics on the hub's registry, read at scrape time:
 * - runs by flow and status, due runs (backlog) and the age of the oldest one per flow — one
 *   grouped query over `tl_flow_run`;
 * - unresolved exceptions by flow, category and owner domain, and their money at risk per currency —
 *   one grouped query over the unresolved rows of `tl_run_exception` (summed as numeric in SQL; the
 *   decimal becomes a float only here, at the exposition boundary);
 * - outbox lag: undelivered messages (not fanned out yet, or with a pending delivery) and the age of
 *   the oldest — one query on the outbox's partial indexes;
 * - governor slots in use vs limit, waiting calls and throttled calls (429s) per endpoint, from the
 *   governor's own snapshot (this process's calls; the limit is shared in PostgreSQL mode).
 */
export function registerRuntimeMetrics(registry: MetricsRegistry, deps: RuntimeMetricsDeps): void {
  const registers = [registry];

  const loadRuns = sharedPerScrape(async () => {
    const now = deps.clock.now();
    const at = now.toISOString();
    // Due: what a worker would take now if its key were free (pending / retry_wait whose time has
    // come, or running under an expired lease). Runs behind an earlier run of their key count too.
    const rows = (
      await sql<RunGroupRow>`
        select flow_id, status, count(*)::int as runs,
               (count(*) filter (where due))::int as due,
               min(due_since) filter (where due) as oldest_due
          from (select flow_id, status,
                       case when status = 'running' then lease_expires_at <= ${at}::timestamptz
                            when status in ('pending', 'retry_wait') then next_attempt_at <= ${at}::timestamptz
                            else false end as due,
                       case when status = 'running' then lease_expires_at else next_attempt_at end as due_since
                  from tl_flow_run) r
         group by flow_id, status`.execute(deps.db)
    ).rows;
    return { now, rows };
  });

  new Gauge({
    name: 'throughline_flow_runs',
    help: 'Flow runs by flow and status (pending, running, retry_wait, completed, failed, compensated, cancelled).',
    labelNames: ['flow', 'status'],
    registers,
    async collect() {
      const { rows } = await loadRuns();
      this.reset();
      for (const row of rows) this.set({ flow: row.flow_id, status: row.status }, Number(row.runs));
    },
  });
  new Gauge({
    name: 'throughline_flow_runs_due',
    help: 'Backlog: runs a worker could take now (pending or retry_wait whose time has come, or running under an expired lease), per flow.',
    labelNames: ['flow'],
    registers,
    async collect() {
      const { rows } = await loadRuns();
      this.reset();
      for (const [flow, due] of dueByFlow(rows)) this.set({ flow }, due.count);
    },
  });
  new Gauge({
    name: 'throughline_flow_oldest_due_run_age_seconds',
    help: 'Seconds the oldest due run of a flow has been waiting for a worker since it became due (0 when none is due).',
    labelNames: ['flow'],
    registers,
    async collect() {
      const { now, rows } = await loadRuns();
      this.reset();
      for (const [flow, due] of dueByFlow(rows)) this.set({ flow }, due.oldest ? secondsSince(due.oldest, now) : 0);
    },
  });

  const loadExceptions = sharedPerScrape(async () =>
    (
      await sql<ExceptionGroupRow>`
        select flow_id, category, owner_domain, impact_currency as currency, count(*)::int as exceptions,
               (sum(impact_amount))::text as impact
          from tl_run_exception
         where status <> 'resolved'
         group by flow_id, category, owner_domain, impact_currency`.execute(deps.db)
    ).rows);
  const exceptionLabels = (row: ExceptionGroupRow) => ({ flow: row.flow_id ?? '', category: row.category, owner_domain: row.owner_domain });

  new Gauge({
    name: 'throughline_exceptions_open',
    help: 'Unresolved exceptions (open, or retrying after an action) by flow, category and owner domain.',
    labelNames: ['flow', 'category', 'owner_domain'],
    registers,
    async collect() {
      const rows = await loadExceptions();
      this.reset();
      for (const row of rows) this.inc(exceptionLabels(row), Number(row.exceptions));
    },
  });
  new Gauge({
    name: 'throughline_exceptions_open_impact_amount',
    help:
      'Money at risk in unresolved exceptions by flow, category, owner domain and currency (major units, e.g. 1234.5 USD). ' +
      'Summed as decimals in the store; a float only in this sample.',
    labelNames: ['flow', 'category', 'owner_domain', 'currency'],
    registers,
    async collect() {
      const rows = await loadExceptions();
      this.reset();
      for (const row of rows) {
        if (row.currency === null || row.impact === null) continue;
        this.set({ ...exceptionLabels(row), currency: row.currency }, moneyAsSampleValue(row.impact));
      }
    },
  });

  const loadOutbox = sharedPerScrape(async () => {
    const now = deps.clock.now();
    // Both halves walk a partial index (not fanned out; pending deliveries): cheap however large the
    // delivered history grows.
    const row = (
      await sql<{ messages: number; oldest: Date | string | null }>`
        select count(*)::int as messages, min(created_at) as oldest
          from tl_outbox_message
         where id in (select id from tl_outbox_message where not fanned_out
                      union
                      select message_id from tl_outbox_delivery where status = 'pending')`.execute(deps.db)
    ).rows[0];
    return { now, messages: Number(row?.messages ?? 0), oldest: row?.oldest ? new Date(row.oldest) : null };
  });
  new Gauge({
    name: 'throughline_outbox_undelivered_messages',
    help: 'Outbox messages not delivered yet to every sink (not fanned out, or with a pending delivery); dead deliveries do not count.',
    registers,
    async collect() {
      this.set((await loadOutbox()).messages);
    },
  });
  new Gauge({
    name: 'throughline_outbox_oldest_undelivered_message_age_seconds',
    help: 'Outbox lag: seconds since the oldest undelivered message was written (0 when none waits).',
    registers,
    async collect() {
      const { now, oldest } = await loadOutbox();
      this.set(oldest ? secondsSince(oldest, now) : 0);
    },
  });

  const governor = deps.governor;
  if (!governor) return;
  const loadGovernor = sharedPerScrape(() => governor.snapshot());
  const endpointGauge = (name: string, help: string, value: (e: Awaited<ReturnType<typeof loadGovernor>>['endpoints'][number]) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['endpoint'],
      registers,
      async collect() {
        const snapshot = await loadGovernor();
        this.reset();
        for (const endpoint of snapshot.endpoints) this.set({ endpoint: endpoint.endpointId }, value(endpoint));
      },
    });
  endpointGauge('throughline_governor_slots_in_use', "Calls of this process holding one of the endpoint's slots now.", (e) => e.inFlight);
  endpointGauge('throughline_governor_slots_limit', 'The adaptive concurrency limit in force for the endpoint (shared by all processes in PostgreSQL mode).', (e) => e.limit);
  endpointGauge('throughline_governor_slots_max', "The endpoint's configured concurrency ceiling.", (e) => e.maxConcurrency);
  endpointGauge('throughline_governor_waiting_calls', 'Calls of this process waiting for a slot of the endpoint.', (e) => e.waiting);
  new Counter({
    name: 'throughline_governor_throttled_calls_total',
    help: 'Calls of this process the endpoint throttled (429, concurrency limit exceeded), per endpoint.',
    labelNames: ['endpoint'],
    registers,
    async collect() {
      const snapshot = await loadGovernor();
      this.reset();
      for (const endpoint of snapshot.endpoints) this.inc({ endpoint: endpoint.endpointId }, endpoint.throttles);
    },
  });
  new Counter({
    name: 'throughline_governor_throttle_retries_total',
    help: 'Throttled calls the governor re-issued itself after its wait, per endpoint.',
    labelNames: ['endpoint'],
    registers,
    async collect() {
      const snapshot = await loadGovernor();
      this.reset();
      for (const endpoint of snapshot.endpoints) this.inc({ endpoint: endpoint.endpointId }, endpoint.retried);
    },
  });
}

/** Due runs and the oldest due instant per flow (every flow with runs appears, with 0 when none is due). */
function dueByFlow(rows: readonly RunGroupRow[]): Map<string, { count: number; oldest: Date | null }> {
  const byFlow = new Map<string, { count: number; oldest: Date | null }>();
  for (const row of rows) {
    const entry = byFlow.get(row.flow_id) ?? { count: 0, oldest: null };
    entry.count += Number(row.due);
    const since = row.oldest_due === null ? null : new Date(row.oldest_due);
    if (since && (!entry.oldest || since < entry.oldest)) entry.oldest = since;
    byFlow.set(row.flow_id, entry);
  }
  return byFlow;
}
