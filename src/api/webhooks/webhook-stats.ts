/**
 * Counters of webhook traffic per connection (for /metrics and the demo summary). `accepted`,
 * `duplicates`, `rejected`, `echoesDropped` and `ignored` count events (or changes); the others
 * count deliveries.
 */
export interface WebhookStats {
  /** Deliveries to a connection with a receiver. */
  received: number;
  /** Events appended to the event log. */
  accepted: number;
  /** Events already known (same source record and version) when a new delivery carried them. */
  duplicates: number;
  rejected: number;
  echoesDropped: number;
  ignored: number;
  /**
   * Deliveries of a webhook-id already taken with the same body (the sender did not get our answer
   * and sent it again): answered 200, nothing ingested again.
   */
  redeliveries: number;
  /**
   * Deliveries refused, nothing ingested: unsigned, forged (no valid signature), stale (timestamp
   * outside the tolerance) — 401 — or a webhook-id already taken by another body — 409.
   */
  refused: number;
  /** Deliveries that could not be processed (not JSON, handler failure). */
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
      const stats = byConnection.get(connection) ?? { received: 0, accepted: 0, duplicates: 0, rejected: 0, echoesDropped: 0, ignored: 0, redeliveries: 0, refused: 0, failed: 0 };
      for (const [key, value] of Object.entries(delta) as Array<[keyof WebhookStats, number]>) stats[key] += value;
      byConnection.set(connection, stats);
    },
    snapshot: () => Object.fromEntries([...byConnection].map(([k, v]) => [k, { ...v }])),
  };
}
