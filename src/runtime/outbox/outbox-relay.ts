import { sql, type Kysely } from 'kysely';
import type { Database } from '../../persistence/schema.js';
import type { Clock } from '../clock.js';
import { loggableError } from '../retry/serialize-error.js';
import { silentLogger, type RuntimeLogger } from '../worker/runtime-logger.js';
import type { OutboxMessage, OutboxSink, PublishResult } from './outbox-sink.js';
import { DEFAULT_OUTBOX_RETENTION, pruneOutbox, type OutboxRetention, type PruneReport } from './prune-outbox.js';

/** How the relay retries a failing sink. */
export interface OutboxRetryPolicy {
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
}

/** What one pass of the relay did. */
export interface RelayReport {
  fannedOut: number;
  delivered: number;
  failed: number;
  dead: number;
}

/** The outbox relay: publishes committed outbox messages to every sink. */
export interface OutboxRelay {
  /** One pass: fan out new messages, then claim and publish due deliveries for each sink. */
  relayOnce(): Promise<RelayReport>;
  /** Deletes delivered messages older than the retention (at most `maxBatches` statements). */
  prune(): Promise<PruneReport>;
  /**
   * Runs passes until `stop`, sleeping `pollIntervalMs` after a pass that found nothing. Prunes on the
   * first pass and then every `retention.intervalMs` (by the relay's clock), at once again if a prune
   * stopped at its statement cap.
   */
  start(): void;
  stop(): Promise<void>;
}

const DEFAULT_RETRY: OutboxRetryPolicy = { maxAttempts: 10, initialBackoffMs: 1_000, maxBackoffMs: 5 * 60_000 };

interface ClaimedRow {
  message_id: number;
  key: string;
  attempts: number;
  topic: string;
  payload: unknown;
  headers: Record<string, string>;
  created_at: Date;
}

/**
 * Creates a relay. It never follows a serial cursor: messages are picked by state (not yet fanned
 * out; delivery pending and due), so a row whose transaction commits after a higher id is still
 * delivered. Per key and sink, a message is only claimed when no earlier message of that key is
 * waiting (backoff or claimed elsewhere), and a batch is published in waves of one message per key,
 * so a failure holds back the key's later messages. Delivery is at-least-once (a crash after publish
 * and before marking re-publishes after `claimMs`): subscribers dedupe on the message id.
 */
export function createOutboxRelay(options: {
  store: Kysely<Database>;
  clock: Clock;
  sinks: OutboxSink[];
  batchSize: number;
  retry?: Partial<OutboxRetryPolicy> | undefined;
  /** How long a claimed delivery is reserved for this relay's publish. Default 60 s. */
  claimMs?: number | undefined;
  pollIntervalMs?: number | undefined;
  /** Removal of delivered messages; see `OutboxRetention` for the defaults (7 days, 1,000 per statement). */
  retention?: Partial<OutboxRetention> | undefined;
  /**
   * Where a failed pass or prune is logged, by the error's code (`loggableError`: never its words).
   * In a streak of failures the 1st, 2nd, 4th, 8th... are logged (`failedPasses`/`failedPrunes` count them).
   * Default silent.
   */
  logger?: RuntimeLogger | undefined;
}): OutboxRelay {
  const { store, clock, sinks, batchSize } = options;
  const retry: OutboxRetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const claimMs = options.claimMs ?? 60_000;
  const logger = options.logger ?? silentLogger;
  const retention: OutboxRetention = { ...DEFAULT_OUTBOX_RETENTION, ...options.retention };
  if (!(retention.retentionMs >= 0 && retention.batchSize >= 1 && retention.maxBatches >= 1 && retention.intervalMs >= 0)) {
    throw new Error('outbox relay: retention needs retentionMs >= 0, batchSize >= 1, maxBatches >= 1, intervalMs >= 0');
  }
  const sinkNames = sinks.map((s) => s.name);
  if (new Set(sinkNames).size !== sinkNames.length) throw new Error('outbox relay: sink names must be unique');
  let registered: Promise<void> | null = null;
  let loop: Promise<void> | null = null;
  let stopping: AbortController | null = null;

  const registerSinks = () =>
    (registered ??= sql`insert into tl_outbox_sink (sink) select unnest(${sinkNames}::text[]) on conflict do nothing`
      .execute(store)
      .then(() => undefined));

  async function fanOut(): Promise<number> {
    const now = clock.now().toISOString();
    const result = await sql<{ message_id: number }>`
      with picked as (
        select id from tl_outbox_message where not fanned_out order by id limit ${batchSize} for update skip locked
      ), marked as (
        update tl_outbox_message m set fanned_out = true from picked where m.id = picked.id returning m.id, m.key
      )
      insert into tl_outbox_delivery (message_id, sink, key, status, attempts, next_attempt_at)
      select marked.id, sink, marked.key, 'pending', 0, ${now}::timestamptz
      from marked cross join unnest(${sinkNames}::text[]) as sink
      on conflict do nothing
      returning message_id`.execute(store);
    return new Set(result.rows.map((r) => r.message_id)).size;
  }

  async function claim(sink: string): Promise<ClaimedRow[]> {
    const now = clock.now();
    return store.transaction().execute(async (trx) => {
      // Claims for one sink are serialized, so two relays never take two messages of one key at once.
      await sql`select sink from tl_outbox_sink where sink = ${sink} for update`.execute(trx);
      const claimed = await sql<ClaimedRow>`
        with due as (
          select d.message_id from tl_outbox_delivery d
          where d.sink = ${sink} and d.status = 'pending' and d.next_attempt_at <= ${now.toISOString()}
            and (d.claimed_until is null or d.claimed_until <= ${now.toISOString()})
            and not exists (
              select 1 from tl_outbox_delivery e
              where e.sink = d.sink and e.key = d.key and e.status = 'pending' and e.message_id < d.message_id
                and (e.next_attempt_at > ${now.toISOString()} or e.claimed_until > ${now.toISOString()}))
            -- An earlier message of the key that is not fanned out yet (another relay's fan-out is
            -- still uncommitted) has no delivery row to block on: wait for it.
            and not exists (
              select 1 from tl_outbox_message u
              where not u.fanned_out and u.key = d.key and u.id < d.message_id)
          order by d.message_id
          limit ${batchSize}
        ), claimed as (
          update tl_outbox_delivery d set claimed_until = ${new Date(now.getTime() + claimMs).toISOString()}
          from due where d.sink = ${sink} and d.message_id = due.message_id
          returning d.message_id, d.key, d.attempts
        )
        select claimed.message_id, claimed.key, claimed.attempts, m.topic, m.payload, m.headers, m.created_at
        from claimed join tl_outbox_message m on m.id = claimed.message_id
        order by claimed.message_id`.execute(trx);
      return claimed.rows;
    });
  }

  /** Publishes in waves of one message per key; a key stops at its first failure. */
  async function publish(sink: OutboxSink, rows: ClaimedRow[]): Promise<Map<number, PublishResult | null>> {
    const outcomes = new Map<number, PublishResult | null>(rows.map((r) => [r.message_id, null]));
    const queues = new Map<string, ClaimedRow[]>();
    for (const row of rows) queues.set(row.key, [...(queues.get(row.key) ?? []), row]);
    while (queues.size > 0) {
      const wave = [...queues.values()].map((queue) => queue.shift()!);
      const messages: OutboxMessage[] = wave.map((r) => ({
        id: r.message_id,
        topic: r.topic,
        key: r.key,
        payload: r.payload,
        headers: r.headers,
        createdAt: r.created_at,
      }));
      let results: PublishResult[];
      try {
        results = await sink.publish(messages);
      } catch (error) {
        results = messages.map(() => ({ ok: false, error: error instanceof Error ? error.message : String(error) }));
      }
      wave.forEach((row, index) => {
        const result = results[index] ?? { ok: false, error: 'sink returned no result for this message' };
        outcomes.set(row.message_id, result);
        const queue = queues.get(row.key)!;
        if (!result.ok || queue.length === 0) queues.delete(row.key);
      });
    }
    return outcomes;
  }

  async function settle(sink: string, rows: ClaimedRow[], outcomes: Map<number, PublishResult | null>): Promise<Omit<RelayReport, 'fannedOut'>> {
    const now = clock.now();
    const delivered: number[] = [];
    const failed: { id: number; nextAt: string; dead: boolean; error: string }[] = [];
    const untried: number[] = [];
    for (const row of rows) {
      const outcome = outcomes.get(row.message_id);
      if (!outcome) untried.push(row.message_id);
      else if (outcome.ok) delivered.push(row.message_id);
      else {
        const attempts = row.attempts + 1;
        const backoff = Math.min(retry.maxBackoffMs, retry.initialBackoffMs * 2 ** (attempts - 1));
        failed.push({ id: row.message_id, nextAt: new Date(now.getTime() + backoff).toISOString(), dead: attempts >= retry.maxAttempts, error: outcome.error });
      }
    }
    if (delivered.length > 0) {
      await sql`
        update tl_outbox_delivery set status = 'delivered', delivered_at = ${now.toISOString()}, claimed_until = null,
          attempts = attempts + 1, last_error = null
        where sink = ${sink} and message_id = any(${delivered}::bigint[])`.execute(store);
    }
    if (failed.length > 0) {
      await sql`
        update tl_outbox_delivery d set attempts = d.attempts + 1, claimed_until = null, last_error = f.error,
          next_attempt_at = f.next_at, status = case when f.dead then 'dead' else 'pending' end
        from unnest(${failed.map((f) => f.id)}::bigint[], ${failed.map((f) => f.nextAt)}::timestamptz[],
                    ${failed.map((f) => f.dead)}::boolean[], ${failed.map((f) => f.error.slice(0, 2000))}::text[])
          as f(id, next_at, dead, error)
        where d.sink = ${sink} and d.message_id = f.id`.execute(store);
    }
    if (untried.length > 0) {
      await sql`update tl_outbox_delivery set claimed_until = null where sink = ${sink} and message_id = any(${untried}::bigint[])`.execute(store);
    }
    const dead = failed.filter((f) => f.dead).length;
    return { delivered: delivered.length, failed: failed.length - dead, dead };
  }

  async function relayOnce(): Promise<RelayReport> {
    await registerSinks();
    const report: RelayReport = { fannedOut: await fanOut(), delivered: 0, failed: 0, dead: 0 };
    for (const sink of sinks) {
      const rows = await claim(sink.name);
      if (rows.length === 0) continue;
      const outcome = await settle(sink.name, rows, await publish(sink, rows));
      report.delivered += outcome.delivered;
      report.failed += outcome.failed;
      report.dead += outcome.dead;
    }
    return report;
  }

  const prune = () =>
    pruneOutbox(store, {
      cutoff: new Date(clock.now().getTime() - retention.retentionMs),
      batchSize: retention.batchSize,
      maxBatches: retention.maxBatches,
    });

  return {
    relayOnce,
    prune,
    start() {
      if (loop) return;
      const controller = new AbortController();
      stopping = controller;
      let nextPruneAt = clock.now().getTime();
      let failedPasses = 0;
      let failedPrunes = 0;
      loop = (async () => {
        while (!controller.signal.aborted) {
          let idle = true;
          try {
            const report = await relayOnce();
            idle = report.fannedOut + report.delivered + report.failed + report.dead === 0;
            failedPasses = 0;
          } catch (error) {
            // A failed pass (store unavailable) is retried after the poll interval.
            failedPasses++;
            if ((failedPasses & (failedPasses - 1)) === 0) {
              logger.warn({ error: loggableError(error), failedPasses }, 'outbox relay pass failed; retrying after the poll interval');
            }
          }
          if (clock.now().getTime() >= nextPruneAt) {
            try {
              const pruned = await prune();
              nextPruneAt = pruned.more ? clock.now().getTime() : clock.now().getTime() + retention.intervalMs;
              if (pruned.more) idle = false;
              failedPrunes = 0;
            } catch (error) {
              // A failed prune is retried on the next pass.
              failedPrunes++;
              if ((failedPrunes & (failedPrunes - 1)) === 0) {
                logger.warn({ error: loggableError(error), failedPrunes }, 'outbox prune failed; retrying on the next pass');
              }
            }
          }
          if (idle) await clock.sleep(options.pollIntervalMs ?? 200, controller.signal).catch(() => undefined);
        }
      })();
    },
    async stop() {
      stopping?.abort();
      await loop;
      loop = null;
      stopping = null;
    },
  };
}
