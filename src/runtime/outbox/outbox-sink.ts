/** A message as a sink receives it. `id` is stable: subscribers dedupe on it (delivery is at-least-once). */
export interface OutboxMessage {
  id: number;
  topic: string;
  key: string;
  payload: unknown;
  headers: Record<string, string>;
  createdAt: Date;
}

/** Outcome of publishing one message. */
export type PublishResult = { ok: true } | { ok: false; error: string };

/**
 * Where relayed messages go: in-process subscribers now, a NATS JetStream subject per topic later.
 * `publish` gets at most one message per key per call (the relay sends a key's messages in order,
 * one wave at a time) and answers per message, in the same order; throwing fails the whole call.
 */
export interface OutboxSink {
  readonly name: string;
  publish(messages: OutboxMessage[]): Promise<PublishResult[]>;
}
