import type { Kysely, Transaction } from 'kysely';
import type { EventDefinition } from '../canonical/define-event.js';
import type { ThroughlineDatabase } from '../persistence/database.js';
import type { Database } from '../persistence/schema.js';
import type { Clock } from '../runtime/clock.js';
import type { FlowRegistry } from '../runtime/flows/flow-registry.js';
import type { OutcomeSink } from '../runtime/flows/outcome-sink.js';
import { insertRuns, type NewRun } from '../runtime/runs/insert-runs.js';
import { runIdFor } from '../runtime/runs/new-run-id.js';
import { enqueueOutbox } from '../runtime/outbox/enqueue-outbox.js';
import { notifyRunsReady } from '../runtime/runs/runs-ready.js';
import { appendEvents } from './append-events.js';
import { keyOrderSlots, lockKeyOrderSlots } from './key-order-locks.js';
import { DEFAULT_MAX_EVENT_BYTES, validateEvent, type ValidatedEvent } from './validate-event.js';
import { insertWebhookReceipt, webhookTakenAs, type WebhookDeliveryKey, type WebhookTaken } from './webhook-receipts.js';

export type { WebhookDeliveryKey, WebhookTaken } from './webhook-receipts.js';

/** Per incoming event: appended, already known, or refused with the reason. */
export interface IngestResult {
  status: 'accepted' | 'duplicate' | 'rejected';
  eventId?: string | undefined;
  reason?: string | undefined;
}

/**
 * The idempotent front door of the event log. It is also the workers' outcome sink: events steps
 * emit are checked when emitted and appended in the step's checkpoint transaction.
 */
export interface Intake extends OutcomeSink {
  /**
   * Validates and appends events, creating one run per subscribed flow, all in one transaction
   * (the caller's `trx` when given). Results are in the input's order.
   *
   * On PostgreSQL the transaction first locks the (flow, ordering key) pairs of its runs (hashed into
   * a bounded set of advisory locks, see key-order-locks.ts), so a concurrent ingest of the same key
   * waits for it to end: per key, log order is commit order. With a caller's `trx` the locks are held
   * until that transaction ends; ingest once per transaction, or a second batch may deadlock with
   * another transaction (PostgreSQL detects it and aborts one).
   */
  ingest(events: readonly unknown[], options?: { trx?: Transaction<Database> }): Promise<IngestResult[]>;
  /**
   * Whether a webhook delivery's id was already taken: with this body (`'redelivery'`), another body
   * (`'reused'`), or not yet (undefined). Receipts without a body digest count as the same body.
   */
  webhookTaken(key: WebhookDeliveryKey): Promise<WebhookTaken | undefined>;
  /**
   * Takes a webhook delivery: writes its receipt (webhook-id, body digest, `receivedAt`, number of
   * candidate events) and ingests its events in ONE transaction, so a delivery is either fully taken
   * or not at all. When the webhook-id is taken (before, or by a copy committing first meanwhile) the
   * transaction is rolled back and the answer says how: `'redelivery'` (same body) or `'reused'`.
   */
  acceptWebhook(delivery: WebhookDeliveryKey & { receivedAt: Date; events: readonly unknown[] }): Promise<WebhookAcceptance>;
}

/** What became of a webhook delivery: taken, with each event's ingest result, or already taken. */
export type WebhookAcceptance = { status: 'accepted'; results: IngestResult[] } | { status: WebhookTaken };

/** Thrown inside the receipt's transaction to roll it back when the webhook-id is already taken. */
class WebhookAlreadyTaken extends Error {}

interface Candidate {
  index: number;
  value: ValidatedEvent;
  runs: Array<Omit<NewRun, 'id' | 'seq' | 'eventId'>>;
}

/** Creates the intake over a store, the known event definitions and the flows that subscribe to them. */
export function createIntake(deps: {
  /** `engine: 'pglite'` skips the key-order locks (one connection: transactions never interleave). */
  store: Pick<ThroughlineDatabase, 'db'> & Partial<Pick<ThroughlineDatabase, 'engine'>>;
  clock: Clock;
  definitions: ReadonlyArray<EventDefinition>;
  flows: FlowRegistry;
  maxEventBytes?: number;
  /**
   * Which appended events also go to the outbox (topic = event type, key = subject, payload = the
   * event), in the append's transaction; the outbox relay publishes them to the sinks. Default none.
   */
  outbox?: { publishes(eventType: string): boolean } | undefined;
}): Intake {
  const definitions = new Map(deps.definitions.map((d) => [d.type, d]));
  const maxEventBytes = deps.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  const lockKeys = deps.store.engine !== 'pglite';

  const intake: Intake = {
    async ingest(events, options = {}) {
      const results: IngestResult[] = events.map(() => ({ status: 'rejected' }));
      const candidates: Candidate[] = [];
      const seenKeys = new Set<string>();
      const seenIds = new Set<string>();
      events.forEach((raw, index) => {
        const validation = validateEvent(raw, definitions, maxEventBytes);
        if (!validation.ok) {
          results[index] = { status: 'rejected', reason: validation.reason, eventId: idOf(raw) };
          return;
        }
        const { event, dedupeKey } = validation.value;
        if (seenKeys.has(dedupeKey) || seenIds.has(event.id)) {
          results[index] = { status: 'duplicate', eventId: event.id };
          return;
        }
        const runs = planRuns(validation.value, deps.flows);
        if (typeof runs === 'string') {
          results[index] = { status: 'rejected', reason: runs, eventId: event.id };
          return;
        }
        seenKeys.add(dedupeKey);
        seenIds.add(event.id);
        candidates.push({ index, value: validation.value, runs });
      });
      if (candidates.length === 0) return results;

      const now = deps.clock.now();
      const slots = lockKeys ? keyOrderSlots(candidates.flatMap((c) => c.runs)) : [];
      const append = async (trx: Kysely<Database>) => {
        await lockKeyOrderSlots(trx, slots);
        const inserted = await appendEvents(trx, candidates.map((c) => c.value), now);
        const runs: NewRun[] = [];
        for (const candidate of candidates) {
          const eventId = candidate.value.event.id;
          const seq = inserted.get(eventId);
          if (seq === undefined) continue;
          for (const run of candidate.runs) {
            runs.push({ id: runIdFor(run.flowId, seq), flowId: run.flowId, eventId, seq, orderingKey: run.orderingKey, priority: run.priority, failureBlocksKey: run.failureBlocksKey });
          }
        }
        if ((await insertRuns(trx, runs, now)) > 0) await notifyRunsReady(trx);
        const outbox = deps.outbox;
        if (outbox) {
          const published = candidates.map((c) => c.value.event).filter((event) => inserted.has(event.id) && outbox.publishes(event.type));
          await enqueueOutbox(trx, published.map((event) => ({ topic: event.type, key: event.subject, payload: event })), now);
        }
        return inserted;
      };
      const inserted = options.trx ? await append(options.trx) : await deps.store.db.transaction().execute(append);
      for (const candidate of candidates) {
        const eventId = candidate.value.event.id;
        results[candidate.index] = inserted.has(eventId) ? { status: 'accepted', eventId } : { status: 'duplicate', eventId };
      }
      return results;
    },
    problemOf(event) {
      const validation = validateEvent(event, definitions, maxEventBytes);
      return validation.ok ? undefined : validation.reason;
    },
    async append(trx, events) {
      const results = await intake.ingest(events, { trx });
      const rejected = results.find((r) => r.status === 'rejected');
      // Checked when emitted; a refusal here (a flow's ordering key failing on the event) is a bug to surface, not to drop.
      if (rejected) throw new Error(`outcome event ${rejected.eventId ?? '?'} refused by the event log: ${rejected.reason}`);
    },
    webhookTaken: (key) => webhookTakenAs(deps.store.db, key),
    async acceptWebhook(delivery) {
      const key = { connection: delivery.connection, webhookId: delivery.webhookId, bodySha256: delivery.bodySha256 };
      try {
        const results = await deps.store.db.transaction().execute(async (trx) => {
          // A copy of this delivery, or another body under its id, committed first: take nothing.
          if (!(await insertWebhookReceipt(trx, { ...key, receivedAt: delivery.receivedAt, events: delivery.events.length }))) throw new WebhookAlreadyTaken();
          return delivery.events.length > 0 ? intake.ingest(delivery.events, { trx }) : [];
        });
        return { status: 'accepted', results };
      } catch (error) {
        const taken = error instanceof WebhookAlreadyTaken ? await webhookTakenAs(deps.store.db, key) : undefined;
        if (taken) return { status: taken };
        throw error;
      }
    },
  };
  return intake;
}

/** Ordering key and priority per subscribed flow; a flow that cannot key the event rejects it. */
function planRuns(value: ValidatedEvent, flows: FlowRegistry): Candidate['runs'] | string {
  const runs: Candidate['runs'] = [];
  for (const flow of flows.subscribersOf(value.event.type)) {
    try {
      const orderingKey = flow.key(value.event);
      const priority = flow.priority(value.event);
      if (typeof orderingKey !== 'string' || orderingKey === '') return `flow ${flow.id}: empty ordering key`;
      if (!Number.isInteger(priority)) return `flow ${flow.id}: priority must be an integer`;
      runs.push({ flowId: flow.id, orderingKey, priority, failureBlocksKey: flow.failureBlocksKey });
    } catch (error) {
      return `flow ${flow.id}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  return runs;
}

function idOf(raw: unknown): string | undefined {
  return typeof raw === 'object' && raw !== null && 'id' in raw && typeof (raw as { id: unknown }).id === 'string'
    ? (raw as { id: string }).id
    : undefined;
}
