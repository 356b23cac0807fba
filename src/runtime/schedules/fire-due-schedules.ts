import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../persistence/schema.js';
import type { Clock } from '../clock.js';
import { catchUp } from './cron-ticks.js';

/** One tick handed to the handler. */
export interface ScheduleTick {
  name: string;
  payload: unknown;
  /** The instant the tick was planned for (the latest due one when catching up). */
  scheduledAt: Date;
  firedAt: Date;
  /** Earlier due ticks skipped under the missed-tick policy (fire once, skip the rest). */
  skippedTicks: number;
}

/**
 * Does the tick's durable work (e.g. enqueue a poll or a reconciliation run) in `trx`, the
 * transaction that claims the tick: the claim and the work commit together or not at all. Keep it
 * short and use only `trx` (on PGlite, touching `db` inside would deadlock).
 */
export type ScheduleTickHandler = (tick: ScheduleTick, trx: Transaction<Database>) => Promise<void>;

/** Which schedules one call may fire. */
export interface FireOptions {
  /**
   * Only these schedules (default: every enabled one). A process passes the schedules it can run,
   * so a tick is never claimed by a process that has nothing to do for it (a poller it lacks).
   */
  names?: readonly string[];
}

/** What one call fired. */
export interface FireReport {
  fired: ScheduleTick[];
  failed: { name: string; error: string }[];
}

/**
 * Fires every due schedule once. Each tick is claimed with a compare-and-set on `next_fire_at`
 * inside the transaction that runs the handler, so across any number of processes a tick fires once;
 * a failing handler rolls its claim back and the tick stays due for the next call. Missed ticks
 * (the hub was down): the latest due tick fires once, the earlier ones are skipped and counted.
 */
export async function fireDueSchedules(db: Kysely<Database>, clock: Clock, handler: ScheduleTickHandler, options: FireOptions = {}): Promise<FireReport> {
  const report: FireReport = { fired: [], failed: [] };
  if (options.names !== undefined && options.names.length === 0) return report;
  const now = clock.now();
  let query = db
    .selectFrom('tl_schedule')
    .select(['name', 'cron', 'timezone', 'payload', 'next_fire_at'])
    .where('enabled', '=', true)
    .where('next_fire_at', '<=', now);
  if (options.names !== undefined) query = query.where('name', 'in', [...options.names]);
  const due = await query.orderBy('next_fire_at').orderBy('name').execute();
  for (const schedule of due) {
    const observed = new Date(schedule.next_fire_at);
    try {
      const plan = catchUp(schedule.cron, schedule.timezone, observed, now);
      const tick: ScheduleTick = { name: schedule.name, payload: schedule.payload, scheduledAt: plan.fire, firedAt: now, skippedTicks: plan.skipped };
      const claimed = await db.transaction().execute(async (trx) => {
        const won = await sql<{ name: string }>`
          update tl_schedule set next_fire_at = ${plan.next.toISOString()}, last_fired_at = ${now.toISOString()},
            last_tick_at = ${plan.fire.toISOString()}, missed_ticks = missed_ticks + ${plan.skipped}
          where name = ${schedule.name} and next_fire_at = ${observed.toISOString()} and enabled
          returning name`.execute(trx);
        if (won.rows.length === 0) return false; // another process fired this tick
        await handler(tick, trx);
        return true;
      });
      if (claimed) report.fired.push(tick);
    } catch (error) {
      report.failed.push({ name: schedule.name, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return report;
}
