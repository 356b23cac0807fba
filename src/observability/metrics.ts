import { Registry } from 'prom-client';

/**
 * Prometheus metrics (prom-client, docs/decisions/0018-prometheus-metrics.md). Each hub owns its
 * registry — never prom-client's global default one — so tests and several hubs in one process do
 * not collide on metric names. Metrics read from the store are gauges filled by `collect` callbacks
 * at scrape time; see docs/operations/metrics.md for the list.
 */
export type MetricsRegistry = Registry;

/** A fresh registry for one hub. */
export function createMetricsRegistry(): MetricsRegistry {
  return new Registry();
}

/**
 * One load shared by every metric a query feeds, per scrape: prom-client calls the collect callbacks
 * of a scrape together, so they all get the promise of the first caller; the next scrape loads again.
 */
export function sharedPerScrape<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().finally(() => {
      pending = undefined;
    });
    return pending;
  };
}

/**
 * The exposition boundary for money: a decimal string (money is never a float inside the hub) becomes
 * the float a Prometheus sample is. Only for metrics — a gauge of money at risk is for alerting and
 * dashboards, never for booking (amounts beyond 2^53 cents lose precision here, nowhere else).
 */
export function moneyAsSampleValue(amount: string): number {
  const value = Number(amount);
  if (!Number.isFinite(value)) throw new Error(`not a decimal amount: ${amount}`);
  return value;
}

/** Seconds (fractional) from `earlier` to `now`, never negative (a clock behind the store's rows reads 0). */
export function secondsSince(earlier: Date, now: Date): number {
  return Math.max(0, (now.getTime() - earlier.getTime()) / 1000);
}
