import type { ColumnType, Generated } from 'kysely';

/** A message for external subscribers, written in the transaction of the state change it reports. */
export interface OutboxMessageTable {
  id: Generated<number>;
  topic: string;
  /** Ordering key: messages with the same key reach each sink in id order. */
  key: string;
  payload: ColumnType<unknown, string, never>;
  headers: ColumnType<Record<string, string>, string, never>;
  created_at: ColumnType<Date, Date | string, never>;
  /** False until the relay has created one delivery row per sink (selected by state, not by cursor). */
  fanned_out: Generated<boolean>;
}

/** Delivery of one message to one sink: pending -> delivered | dead, with attempts and backoff. */
export interface OutboxDeliveryTable {
  message_id: number;
  sink: string;
  key: string;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  next_attempt_at: ColumnType<Date, Date | string, Date | string>;
  /** A relay is publishing it until then; afterwards another relay may take it over. */
  claimed_until: ColumnType<Date | null, Date | string | null, Date | string | null>;
  last_error: string | null;
  delivered_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
}

/** One row per sink: claims for a sink are serialized on it so per-key order holds across relays. */
export interface OutboxSinkTable {
  sink: string;
}

export interface OutboxTables {
  tl_outbox_message: OutboxMessageTable;
  tl_outbox_delivery: OutboxDeliveryTable;
  tl_outbox_sink: OutboxSinkTable;
}
