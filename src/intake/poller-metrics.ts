import { Gauge } from 'prom-client';
import type { Kysely } from 'kysely';
import { secondsSince, sharedPerScrape, type MetricsRegistry } from '../observability/metrics.js';
import type { Database } from '../persistence/schema.js';
import type { Clock } from '../runtime/clock.js';

/**
 * Registers the pollers' freshness on the hub's registry, read at scrape time from
 * `tl_poll_checkpoint` (one row per poller, written with each ingested page by whichever process ran
 * the pass): the time of the last page taken — every pass that reaches its source checkpoints at
 * least one page, even an empty one, and a failing pass checkpoints none after its failure — and the
 * seconds since. A poller that never took a page has no series yet.
 */
export function registerPollerMetrics(registry: MetricsRegistry, deps: { db: Kysely<Database>; clock: Clock }): void {
  const load = sharedPerScrape(async () => ({
    now: deps.clock.now(),
    rows: await deps.db.selectFrom('tl_poll_checkpoint').select(['poller_id', 'connection_id', 'updated_at']).execute(),
  }));
  new Gauge({
    name: 'throughline_poller_last_success_timestamp_seconds',
    help: 'Unix time of the last page a poller ingested and checkpointed (its last successful read of the source).',
    labelNames: ['poller', 'connection'],
    registers: [registry],
    async collect() {
      const { rows } = await load();
      this.reset();
      for (const row of rows) this.set({ poller: row.poller_id, connection: row.connection_id }, new Date(row.updated_at).getTime() / 1000);
    },
  });
  new Gauge({
    name: 'throughline_poller_lag_seconds',
    help: 'Seconds since a poller last ingested and checkpointed a page.',
    labelNames: ['poller', 'connection'],
    registers: [registry],
    async collect() {
      const { now, rows } = await load();
      this.reset();
      for (const row of rows) this.set({ poller: row.poller_id, connection: row.connection_id }, secondsSince(new Date(row.updated_at), now));
    },
  });
}
