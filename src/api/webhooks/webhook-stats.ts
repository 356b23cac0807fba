/** Counters of webhook traffic per connection (for /metrics and the demo summary). */
export interface WebhookStats {
  received: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  echoesDropped: number;
  ignored: number;
  unauthorized: number;
  replays: number;
  failed: number;
}

/** Per-connection webhook counters. */
export interface WebhookStatsRecorder {
  add(connection: string, delta: Partial<WebhookStats>): void;
  snapshot(): Record<string, WebhookStats>;
}

/** Creates an in-memory recorder. */
export function createWebhookStats(): WebhookStatsRecorder {
  const byConnection = new Map<string, WebhookStats>();
  return {
    add(connection, delta) {
      const stats = byConnection.get(connection) ?? { received: 0, accepted: 0, duplicates: 0, rejected: 0, echoesDropped: 0, ignored: 0, unauthorized: 0, replays: 0, failed: 0 };
      for (const [key, value] of Object.entries(delta) as Array<[keyof WebhookStats, number]>) stats[key] += value;
      byConnection.set(connection, stats);
    },
    snapshot: () => Object.fromEntries([...byConnection].map(([k, v]) => [k, { ...v }])),
  };
}
