/**
 * Outbound webhooks signed per Standard Webhooks (https://www.standardwebhooks.com/): headers
 * `webhook-id`, `webhook-timestamp` (unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">` with the subscriber's `whsec_` secret. First attempts to one subscriber go out
 * in order; failed ones are retried with exponential backoff (out of band); faults can duplicate or
 * reorder them.
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { SandboxClock } from './clock.js';
import type { SandboxRandom } from './random.js';

/** Webhook delivery faults (probabilities per delivery). */
export interface WebhookFaults {
  duplicateRate?: number;
  outOfOrderRate?: number;
  /** Upper bound of the hold-back of a reordered delivery (real ms). */
  maxDelayMs?: number;
}

/** A registered receiver. */
export interface WebhookSubscription {
  id: string;
  url: string;
  secret: string;
  /** Only payloads this accepts are sent to this subscriber. */
  accepts?: (payload: unknown) => boolean;
}

/** One delivery attempt, for the admin log. */
export interface WebhookDeliveryAttempt {
  webhookId: string;
  subscriptionId: string;
  url: string;
  attempt: number;
  /** Real instant of the attempt. */
  at: string;
  status?: number;
  error?: string;
  duplicate?: boolean;
  heldBackMs?: number;
}

/** Signs and sends payloads to registered subscribers. */
export interface WebhookDispatcher {
  register(input: { url: string; secret?: string; accepts?: (payload: unknown) => boolean }): WebhookSubscription;
  unregister(id: string): boolean;
  subscriptions(): WebhookSubscription[];
  /** Queues `payload` for every accepting subscriber; returns the webhook id. */
  dispatch(payload: unknown, options?: { webhookId?: string }): string;
  setFaults(faults: WebhookFaults): void;
  /** Resolves when nothing is pending (including retries and held-back deliveries). */
  flush(): Promise<void>;
  deliveries(): WebhookDeliveryAttempt[];
  /** Cancels pending retries and drops the queue. */
  close(): void;
}

/** Options of `createWebhookDispatcher`. */
export interface WebhookDispatcherOptions {
  clock: SandboxClock;
  random: SandboxRandom;
  faults?: WebhookFaults;
  /** Attempts per delivery including the first (default 5). */
  maxAttempts?: number;
  /** First retry delay in real ms, doubled per attempt (default 200). */
  retryBaseMs?: number;
  /**
   * Stamp `webhook-timestamp` from the sandbox clock instead of real time. Off by default: receivers
   * check the timestamp against their own clock for replay protection, so a sandbox moved days ahead
   * would otherwise produce deliveries every receiver rejects.
   */
  timestampFromSandboxClock?: boolean;
  fetch?: typeof fetch;
}

/** Creates a secret in the `whsec_<base64>` form Standard Webhooks uses. */
export function createWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** Creates a dispatcher; see `WebhookDispatcher`. */
export function createWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const { random } = options;
  const send = options.fetch ?? fetch;
  const maxAttempts = options.maxAttempts ?? 5;
  const retryBaseMs = options.retryBaseMs ?? 200;
  let faults: WebhookFaults = options.faults ?? {};
  const subs = new Map<string, WebhookSubscription>();
  const queues = new Map<string, Promise<void>>();
  const pending = new Set<Promise<void>>();
  const timers = new Map<NodeJS.Timeout, () => void>();
  const log: WebhookDeliveryAttempt[] = [];
  let subCounter = 0;
  let messageCounter = 0;
  let closed = false;

  const track = (work: Promise<void>) => {
    pending.add(work);
    void work.finally(() => pending.delete(work));
    return work;
  };
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.set(timer, resolve);
    });

  const attempt = async (sub: WebhookSubscription, webhookId: string, body: string, n: number, extra: Partial<WebhookDeliveryAttempt>) => {
    if (closed) return false;
    const at = options.timestampFromSandboxClock ? options.clock.now() : new Date();
    const signature = new Webhook(sub.secret).sign(webhookId, at, body);
    const entry: WebhookDeliveryAttempt = { webhookId, subscriptionId: sub.id, url: sub.url, attempt: n, at: new Date().toISOString(), ...extra };
    log.push(entry);
    try {
      const response = await send(sub.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': webhookId,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body,
      });
      entry.status = response.status;
      await response.arrayBuffer().catch(() => undefined);
      return response.ok;
    } catch (error) {
      entry.error = error instanceof Error ? error.message : String(error);
      return false;
    }
  };

  // Retries run outside the subscriber's queue: a receiver that is down must not stall every later
  // delivery behind backoff timers (a retried delivery may therefore arrive after later ones).
  const retryLater = async (sub: WebhookSubscription, webhookId: string, body: string, n: number, extra: Partial<WebhookDeliveryAttempt>): Promise<void> => {
    await wait(retryBaseMs * 2 ** (n - 2));
    if (closed || (await attempt(sub, webhookId, body, n, extra))) return;
    if (n < maxAttempts) track(retryLater(sub, webhookId, body, n + 1, extra));
  };
  const deliverWithRetry = async (sub: WebhookSubscription, webhookId: string, body: string, extra: Partial<WebhookDeliveryAttempt>) => {
    if (closed || (await attempt(sub, webhookId, body, 1, extra))) return;
    if (maxAttempts > 1) track(retryLater(sub, webhookId, body, 2, extra));
  };

  return {
    register(input) {
      subCounter += 1;
      const sub: WebhookSubscription = {
        id: `sub_${subCounter}`,
        url: input.url,
        secret: input.secret ?? createWebhookSecret(),
        ...(input.accepts ? { accepts: input.accepts } : {}),
      };
      subs.set(sub.id, sub);
      return sub;
    },
    unregister: (id) => subs.delete(id),
    subscriptions: () => [...subs.values()],
    dispatch(payload, dispatchOptions) {
      messageCounter += 1;
      const webhookId = dispatchOptions?.webhookId ?? `msg_${Date.now().toString(36)}_${messageCounter}`;
      const body = JSON.stringify(payload);
      for (const sub of subs.values()) {
        if (sub.accepts && !sub.accepts(payload)) continue;
        const duplicate = random.chance(faults.duplicateRate ?? 0);
        if (random.chance(faults.outOfOrderRate ?? 0)) {
          // Held back outside the subscriber's queue, so later deliveries overtake it.
          const heldBackMs = random.int(1, Math.max(1, faults.maxDelayMs ?? 50));
          track(wait(heldBackMs).then(() => deliverWithRetry(sub, webhookId, body, { heldBackMs })));
        } else {
          const previous = queues.get(sub.id) ?? Promise.resolve();
          const next = previous.then(() => deliverWithRetry(sub, webhookId, body, {}));
          queues.set(sub.id, next);
          track(next);
        }
        if (duplicate) {
          const previous = queues.get(sub.id) ?? Promise.resolve();
          const next = previous.then(() => deliverWithRetry(sub, webhookId, body, { duplicate: true }));
          queues.set(sub.id, next);
          track(next);
        }
      }
      return webhookId;
    },
    setFaults(next) {
      faults = { ...next };
    },
    async flush() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    deliveries: () => log.map((e) => ({ ...e })),
    close() {
      closed = true;
      for (const [timer, resolve] of timers) {
        clearTimeout(timer);
        resolve();
      }
      timers.clear();
      subs.clear();
    },
  };
}
