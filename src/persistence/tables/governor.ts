import type { ColumnType } from 'kysely';

/** Shared-mode governor: one row per target endpoint holding its adaptive limit. */
export interface GovernorEndpointTable {
  endpoint_id: string;
  max_concurrency: number;
  min_concurrency: number;
  current_limit: number;
  /** Successes since the limit last changed (additive increase after a full window). */
  streak: number;
  /** Bumped on every decrease, so one burst of 429s halves the limit once. */
  epoch: number;
  ceiling: number | null;
  ceiling_until: ColumnType<Date | null, Date | string | null, Date | string | null>;
  hold_until: ColumnType<Date | null, Date | string | null, Date | string | null>;
  /** Optional global request rate: a token bucket refilled at this rate up to `burst`. */
  requests_per_second: number | null;
  burst: number | null;
  rate_tokens: number | null;
  rate_updated_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
}

/** Shared-mode governor: slot rows 0..max-1 per endpoint; a held slot is one call in flight. */
export interface GovernorSlotTable {
  endpoint_id: string;
  slot_no: number;
  holder: string | null;
  lease_id: string | null;
  /** A lease past this instant belongs to a dead process and may be taken. */
  expires_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
}

/** Shared-mode governor: a process waiting with priority > routine claims the next free slot. */
export interface GovernorWaiterTable {
  endpoint_id: string;
  process_id: string;
  priority: number;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

export interface GovernorTables {
  tl_governor_endpoint: GovernorEndpointTable;
  tl_governor_slot: GovernorSlotTable;
  tl_governor_waiter: GovernorWaiterTable;
}
