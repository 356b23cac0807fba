/** Counts of vendor calls per connection: requests by status class, token requests, retries. */
export interface CallStats {
  requests: number;
  tokenRequests: number;
  byStatus: Record<string, number>;
  networkErrors: number;
}

/** A shared, in-memory tally the demo and benchmarks read (`calls` in the demo summary). */
export interface CallRecorder {
  record(connection: string, status: number | 'network_error'): void;
  recordToken(connection: string): void;
  snapshot(): Record<string, CallStats>;
}

/** Creates an empty recorder. */
export function createCallRecorder(): CallRecorder {
  const stats = new Map<string, CallStats>();
  const of = (connection: string) => {
    let entry = stats.get(connection);
    if (!entry) {
      entry = { requests: 0, tokenRequests: 0, byStatus: {}, networkErrors: 0 };
      stats.set(connection, entry);
    }
    return entry;
  };
  return {
    record(connection, status) {
      const entry = of(connection);
      entry.requests += 1;
      if (status === 'network_error') entry.networkErrors += 1;
      else entry.byStatus[String(status)] = (entry.byStatus[String(status)] ?? 0) + 1;
    },
    recordToken(connection) {
      const entry = of(connection);
      entry.tokenRequests += 1;
    },
    snapshot: () => Object.fromEntries([...stats].map(([k, v]) => [k, structuredClone(v)])),
  };
}
