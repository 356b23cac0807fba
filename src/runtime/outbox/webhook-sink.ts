import { Webhook } from 'standardwebhooks';
import { systemClock, type Clock } from '../clock.js';
import type { OutboxSink, PublishResult } from './outbox-sink.js';

/** A sink that POSTs each message's payload as JSON to one URL, signed as Standard Webhooks do. */
export function createWebhookSink(options: {
  name: string;
  url: string;
  /** The `whsec_` secret (base64 key) the receiver verifies with. */
  secret: string;
  /** Topics (canonical event types) sent; others are settled without a request. Default every topic. */
  topics?: readonly string[] | undefined;
  /**
   * Stamps `webhook-timestamp`, which receivers check against their own clock (default the system
   * clock, also under a simulated hub clock).
   */
  clock?: Clock | undefined;
  /** Per request (default 10 s); a timeout fails the delivery (the relay retries it). */
  timeoutMs?: number | undefined;
  fetch?: typeof fetch | undefined;
}): OutboxSink {
  const signer = new Webhook(options.secret);
  const topics = options.topics ? new Set(options.topics) : undefined;
  const send = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const clock = options.clock ?? systemClock;
  return {
    name: options.name,
    // The relay hands over at most one message per key: they go out in parallel, each answered on its own.
    publish: (messages) =>
      Promise.all(
        messages.map(async (message): Promise<PublishResult> => {
          if (topics && !topics.has(message.topic)) return { ok: true };
          const body = JSON.stringify(message.payload);
          const webhookId = `msg_${message.id}`;
          const at = clock.now();
          try {
            const response = await send(options.url, {
              method: 'POST',
              headers: {
                ...message.headers,
                'content-type': 'application/json',
                'webhook-id': webhookId,
                'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
                'webhook-signature': signer.sign(webhookId, at, body),
              },
              body,
              signal: AbortSignal.timeout(timeoutMs),
            });
            await response.arrayBuffer().catch(() => undefined);
            return response.ok ? { ok: true } : { ok: false, error: `${options.url} answered HTTP ${response.status}` };
          } catch (error) {
            return { ok: false, error: `${options.url}: ${error instanceof Error ? error.message : String(error)}` };
          }
        }),
      ),
  };
}
