import type { ColumnType, Generated } from 'kysely';

/** Append-only log of canonical business events (CloudEvents 1.0 envelope, flattened). */
export interface EventLogTable {
  /** Global append order. Readers that tail the log must not assume gaps are final (see outbox). */
  position: Generated<number>;
  id: string;
  type: string;
  subject: string;
  source: string;
  source_id: string;
  source_version: string;
  /** Unique: the event type's dedupe key (by default source|type|sourceId|sourceVersion). */
  dedupe_key: string;
  time: ColumnType<Date, Date | string, never>;
  correlation_id: string;
  causation_id: string | null;
  schema_version: string;
  data: ColumnType<unknown, string, never>;
  recorded_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface EventLogTables {
  tl_event: EventLogTable;
}
