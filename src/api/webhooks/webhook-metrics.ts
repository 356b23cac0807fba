import { Counter } from 'prom-client';
import type { MetricsRegistry } from '../../observability/metrics.js';
import type { WebhookStatsRecorder } from './webhook-stats.js';

/**
 * `throughline_webhooks_total{connection, outcome}`: the webhook counters of the recorder (the demo's
 * summary reads the same recorder), one outcome label per WebhookStats field, read at scrape time.
 */
export function registerWebhookMetrics(registry: MetricsRegistry, stats: WebhookStatsRecorder): void {
  new Counter({
    name: 'throughline_webhooks_total',
    help: 'Webhook traffic per connection: deliveries (received, redeliveries, refused, failed) and events (accepted, duplicates, rejected, echoesDropped, ignored).',
    labelNames: ['connection', 'outcome'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [connection, counts] of Object.entries(stats.snapshot())) {
        for (const [outcome, value] of Object.entries(counts)) this.inc({ connection, outcome }, value);
      }
    },
  });
}
