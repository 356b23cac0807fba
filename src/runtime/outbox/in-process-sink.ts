import type { OutboxMessage, OutboxSink, PublishResult } from './outbox-sink.js';

/** Handler of an in-process subscriber; throwing fails delivery (the relay retries it). */
export type OutboxSubscriber = (message: OutboxMessage) => Promise<void> | void;

/** An OutboxSink that hands messages to subscribers in this process (console live view, tests). */
export interface InProcessSink extends OutboxSink {
  /** Subscribes to a topic, or to every topic with '*'; returns the unsubscribe function. */
  subscribe(topic: string, subscriber: OutboxSubscriber): () => void;
}

/** Creates an in-process sink named `name`. */
export function createInProcessSink(name = 'in-process'): InProcessSink {
  const subscribers = new Map<string, Set<OutboxSubscriber>>();
  return {
    name,
    subscribe(topic, subscriber) {
      const set = subscribers.get(topic) ?? new Set();
      set.add(subscriber);
      subscribers.set(topic, set);
      return () => set.delete(subscriber);
    },
    async publish(messages) {
      const results: PublishResult[] = [];
      for (const message of messages) {
        try {
          for (const subscriber of [...(subscribers.get(message.topic) ?? []), ...(subscribers.get('*') ?? [])]) {
            await subscriber(message);
          }
          results.push({ ok: true });
        } catch (error) {
          results.push({ ok: false, error: error instanceof Error ? error.message : String(error) });
        }
      }
      return results;
    },
  };
}
