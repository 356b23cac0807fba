/** The per-sandbox request log the admin API serves, so tests can assert what a client really sent. */

/** One served (or dropped) request. `status` 0 means the connection was dropped by a fault. */
export interface RequestLogEntry {
  seq: number;
  /** Sandbox-clock instant the request arrived. */
  at: string;
  /** Real epoch milliseconds the request arrived. */
  wallMs: number;
  method: string;
  path: string;
  status: number;
  clientId?: string;
  durationMs: number;
  faultInjected?: string;
  /** The client closed the connection before the answer was sent (it crashed, timed out or gave up). */
  clientAborted?: true;
}

/** Append-only log with a bounded length (oldest entries fall off). */
export interface RequestLog {
  append(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry;
  since(seq: number): RequestLogEntry[];
  clear(): void;
  /** Sequence number of the newest entry (0 when none yet). */
  lastSeq(): number;
}

/** Creates a request log keeping at most `capacity` entries. */
export function createRequestLog(capacity = 50_000): RequestLog {
  let entries: RequestLogEntry[] = [];
  let seq = 0;
  return {
    append(entry) {
      seq += 1;
      const full = { seq, ...entry };
      entries.push(full);
      if (entries.length > capacity) entries = entries.slice(entries.length - capacity);
      return full;
    },
    since: (after) => entries.filter((e) => e.seq > after),
    clear() {
      entries = [];
    },
    lastSeq: () => seq,
  };
}
