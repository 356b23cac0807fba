import type { ColumnType } from 'kysely';

/** One accepted webhook delivery per (connection, webhook-id): a second one is a redelivery (same body) or a reused id. */
export interface WebhookReceiptTable {
  connection_id: string;
  webhook_id: string;
  received_at: ColumnType<Date, Date | string, never>;
  /** Candidate events the delivery carried. */
  events: number;
  /** Hex SHA-256 of the raw body taken (migration 0052); null on receipts written before it. */
  body_sha256: ColumnType<string | null, string | null | undefined, never>;
}

/** Where a poller resumes: saved in the same transaction as the page's events. */
export interface PollCheckpointTable {
  poller_id: string;
  connection_id: string;
  checkpoint: string;
  /** Pages ingested so far. */
  pages: number;
  updated_at: ColumnType<Date, Date | string, Date | string>;
}

export interface IntakeTables {
  tl_webhook_receipt: WebhookReceiptTable;
  tl_poll_checkpoint: PollCheckpointTable;
}
