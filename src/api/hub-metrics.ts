import { registerPollerMetrics } from '../intake/poller-metrics.js';
import { createMetricsRegistry, type MetricsRegistry } from '../observability/metrics.js';
import type { Clock } from '../runtime/clock.js';
import type { Governor } from '../runtime/governor/create-governor.js';
import type { StoreHandle } from '../runtime/health/store-readiness.js';
import { registerRuntimeMetrics } from '../runtime/metrics/runtime-metrics.js';
import { registerWebhookMetrics } from './webhooks/webhook-metrics.js';
import type { WebhookStatsRecorder } from './webhooks/webhook-stats.js';

/** What the hub's metrics read. */
export interface HubMetricsDeps {
  store: StoreHandle;
  clock: Clock;
  /** Webhook counters; without them no `throughline_webhooks_total`. */
  stats?: WebhookStatsRecorder | undefined;
  /** The hub's governor; without it no governor metric. */
  governor?: Pick<Governor, 'snapshot'> | undefined;
}

/**
 * The hub's own Prometheus registry (never prom-client's global one, so several hubs in one process
 * do not collide): webhook counters, runs, backlog, exceptions and their money at risk, outbox lag,
 * poller freshness and, with a governor, its slots and throttles. docs/operations/metrics.md lists them.
 */
export function createHubMetrics(deps: HubMetricsDeps): MetricsRegistry {
  const registry = createMetricsRegistry();
  if (deps.stats) registerWebhookMetrics(registry, deps.stats);
  registerRuntimeMetrics(registry, { db: deps.store.db, clock: deps.clock, governor: deps.governor });
  registerPollerMetrics(registry, { db: deps.store.db, clock: deps.clock });
  return registry;
}
