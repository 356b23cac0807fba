import { sql, type Kysely } from 'kysely';
import type { Database } from '../../persistence/schema.js';

/**
 * The notification channel that says "runs may be claimable now". Sent inside the transaction that
 * made them runnable (intake, an exception retry or replay, a graceful release), so PostgreSQL and
 * PGlite deliver it only when that transaction commits — never for work that rolled back. Idle
 * workers listen and claim at once instead of waiting out their poll interval; the poll stays, for
 * timed retries and for a listener that lost its connection.
 */
export const RUNS_READY_CHANNEL = 'tl_runs_ready';

/** Queues the notification in the caller's transaction (several in one transaction are folded into one). */
export async function notifyRunsReady(db: Kysely<Database>): Promise<void> {
  await sql`select pg_notify(${RUNS_READY_CHANNEL}, '')`.execute(db);
}
