import { sql, type Kysely } from 'kysely';
import type { Database } from '../../persistence/schema.js';

/** How delivered messages are removed from the outbox. */
export interface OutboxRetention {
  /** A message is kept at least this long after it was written and after its last delivery. Default 7 days. */
  retentionMs: number;
  /** Messages deleted per statement at most (default 1,000), so one statement never holds locks for long. */
  batchSize: number;
  /** Statements per prune at most (default 20); a prune that hits it says `more` and the relay prunes again next pass. */
  maxBatches: number;
  /** How often a running relay prunes, by its clock (default 10 min). */
  intervalMs: number;
}

export const DEFAULT_OUTBOX_RETENTION: OutboxRetention = {
  retentionMs: 7 * 24 * 60 * 60_000,
  batchSize: 1_000,
  maxBatches: 20,
  intervalMs: 10 * 60_000,
};

/** What one prune removed. */
export interface PruneReport {
  /** Messages deleted (their delivery rows go with them). */
  deleted: number;
  statements: number;
  /** True when the prune stopped at `maxBatches` with eligible messages possibly left. */
  more: boolean;
}

/**
 * Deletes messages that every sink has (all delivery rows `delivered`), written and delivered before
 * `cutoff`, in statements of at most `batchSize` messages. A message with any pending or dead delivery
 * is never deleted. Candidates come from the delivered-rows index oldest first; rows of a message that
 * another sink still owes are skipped inside the scan (so they cannot starve the eligible ones behind
 * them). Messages locked by a concurrent prune are skipped, not waited for.
 */
export async function pruneOutbox(
  store: Kysely<Database>,
  options: { cutoff: Date; batchSize: number; maxBatches: number },
): Promise<PruneReport> {
  const cutoff = options.cutoff.toISOString();
  const report: PruneReport = { deleted: 0, statements: 0, more: false };
  for (;;) {
    if (report.statements >= options.maxBatches) {
      report.more = true;
      return report;
    }
    const result = await sql<{ id: number }>`
      with candidate as (
        select d.message_id from tl_outbox_delivery d
        join tl_outbox_message m on m.id = d.message_id and m.created_at < ${cutoff}::timestamptz
        where d.status = 'delivered' and d.delivered_at < ${cutoff}::timestamptz
          and not exists (
            select 1 from tl_outbox_delivery e
            where e.message_id = d.message_id and (e.status <> 'delivered' or e.delivered_at >= ${cutoff}::timestamptz))
        order by d.delivered_at, d.message_id
        limit ${options.batchSize}
      ), doomed as (
        select m.id from tl_outbox_message m where m.id in (select message_id from candidate)
        for update skip locked
      )
      delete from tl_outbox_message m using doomed where m.id = doomed.id
      returning m.id`.execute(store);
    report.statements += 1;
    report.deleted += result.rows.length;
    if (result.rows.length === 0) return report;
  }
}
