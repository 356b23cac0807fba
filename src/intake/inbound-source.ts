/**
 * How vendor-specific inbound code (in connectors/) hands data to intake without intake, api or
 * flows knowing vendor shapes: a webhook handler turns one verified delivery into candidate
 * canonical events; a poller reads one page after a checkpoint. Both return unvalidated events:
 * `ingest` validates, dedupes and reports rejects.
 */

/** One verified webhook delivery (the signature was checked by the API before this is called). */
export interface WebhookDelivery {
  connection: string;
  webhookId: string;
  headers: Record<string, string>;
  body: unknown;
}

/** What a delivery produced: candidate events and how many changes were dropped as the hub's own echoes. */
export interface InboundBatch {
  events: unknown[];
  /** Changes written by the hub itself (loop prevention); they never re-trigger flows. */
  echoesDropped: number;
  /** Changes that are not relevant (other objects, unapproved timecards...). */
  ignored: number;
}

/** Turns a webhook delivery of one connection into candidate canonical events. */
export interface WebhookHandler {
  readonly connection: string;
  handle(delivery: WebhookDelivery): Promise<InboundBatch>;
}

/** One page read by a poller, and the checkpoint to save once its events are ingested. */
export interface PollPage extends InboundBatch {
  nextCheckpoint: string;
  /** True when the source had nothing more after this page. */
  done: boolean;
}

/** Reads changes after a checkpoint, one page at a time (Nango-style checkpointed sync). */
export interface Poller {
  /** Stable id; the checkpoint is stored under it. */
  readonly id: string;
  readonly connection: string;
  /** `checkpoint` is undefined on the very first poll. */
  pollPage(checkpoint: string | undefined): Promise<PollPage>;
}
