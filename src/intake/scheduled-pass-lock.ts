import { sql, type Kysely } from 'kysely';
import type { ThroughlineDatabase } from '../persistence/database.js';
import type { Database } from '../persistence/schema.js';

/**
 * Advisory-lock namespace of scheduled poller passes (the `classid` of the two-int form; the other
 * half is `hashtext(poller id)`). 0x544c5050 is "TLPP" (Throughline poller pass), easy to spot in pg_locks.
 */
export const POLLER_PASS_LOCK_CLASS = 0x544c5050;

/** Whether the pass ran here, or was skipped because another process's pass of the poller still runs. */
export type LockedPass<T> = { ran: true; result: T } | { ran: false };

/**
 * Runs `pass` unless a pass of the same poller is running in another process. On PostgreSQL the
 * guard is a session advisory lock on one pooled connection, and `pass` gets that connection to
 * do its work on (so a pass needs one connection, whatever the pool size); the lock is released
 * when the pass ends, and by the server if the process dies. A PGlite store belongs to one process,
 * whose runner already runs one pass at a time, so there `pass` just runs on the store.
 */
export async function withScheduledPassLock<T>(
  store: Pick<ThroughlineDatabase, 'db' | 'engine'>,
  pollerId: string,
  pass: (db: Kysely<Database>) => Promise<T>,
): Promise<LockedPass<T>> {
  if (store.engine !== 'postgres') return { ran: true, result: await pass(store.db) };
  return store.db.connection().execute(async (connection): Promise<LockedPass<T>> => {
    const lock = await sql<{ locked: boolean }>`
      select pg_try_advisory_lock(${POLLER_PASS_LOCK_CLASS}::int, hashtext(${pollerId})) as locked`.execute(connection);
    if (!lock.rows[0]?.locked) return { ran: false };
    try {
      return { ran: true, result: await pass(connection) };
    } finally {
      await sql`select pg_advisory_unlock(${POLLER_PASS_LOCK_CLASS}::int, hashtext(${pollerId}))`.execute(connection);
    }
  });
}
