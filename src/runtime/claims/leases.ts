import { sql, type Kysely } from 'kysely';
import type { Database } from '../../persistence/schema.js';
import { notifyRunsReady } from '../runs/runs-ready.js';

/**
 * Heartbeat: extends this worker's leases on `runIds` to `now + leaseMs`. Returns the ids it still
 * holds; a missing id means the lease was lost (expired and taken over) and the worker must drop it.
 */
export async function extendLeases(
  db: Kysely<Database>,
  options: { workerId: string; runIds: readonly string[]; now: Date; leaseMs: number },
): Promise<Set<string>> {
  if (options.runIds.length === 0) return new Set();
  const result = await sql<{ id: string }>`
    update tl_flow_run
       set lease_expires_at = ${new Date(options.now.getTime() + options.leaseMs).toISOString()}::timestamptz
     where id = any(${[...options.runIds]}::text[]) and lease_owner = ${options.workerId} and status = 'running'
    returning id`.execute(db);
  return new Set(result.rows.map((r) => r.id));
}

/** Gives runs back (graceful shutdown): they become pending and claimable at once by any worker. */
export async function releaseRuns(
  db: Kysely<Database>,
  options: { workerId: string; runIds: readonly string[]; now: Date },
): Promise<number> {
  if (options.runIds.length === 0) return 0;
  const now = options.now.toISOString();
  const result = await sql`
    update tl_flow_run
       set status = 'pending', lease_owner = null, lease_expires_at = null, next_attempt_at = ${now}::timestamptz,
           updated_at = ${now}::timestamptz
     where id = any(${[...options.runIds]}::text[]) and lease_owner = ${options.workerId} and status = 'running'`.execute(db);
  const released = Number(result.numAffectedRows ?? 0);
  if (released > 0) await notifyRunsReady(db);
  return released;
}

/**
 * Embedded store only: every lease still running belongs to a process that died (the data directory's
 * exclusive lock proves no other process has the store open), so its runs are claimable now instead
 * of after the rest of their lease. The claim path recovers them as it would any expired lease
 * (attempts counted, poison runs still detected). Returns how many leases it ended.
 */
export async function expireLeasesOfDeadProcess(db: Kysely<Database>, options: { now: Date }): Promise<number> {
  const now = options.now.toISOString();
  const result = await sql`
    update tl_flow_run set lease_expires_at = ${now}::timestamptz
     where status = 'running' and lease_expires_at > ${now}::timestamptz`.execute(db);
  const expired = Number(result.numAffectedRows ?? 0);
  if (expired > 0) await notifyRunsReady(db);
  return expired;
}
