import type { ThroughlineDatabase } from '../persistence/database.js';
import type { Clock } from '../runtime/clock.js';
import { fireDueSchedules, type ScheduleTick } from '../runtime/schedules/fire-due-schedules.js';
import { upsertSchedule } from '../runtime/schedules/upsert-schedule.js';
import type { PollerPassSummary, PollerRunner } from './run-pollers.js';
import { withScheduledPassLock } from './scheduled-pass-lock.js';

/** When one poller runs: a cron expression read in an IANA time zone. */
export interface PollerSchedule {
  pollerId: string;
  cron: string;
  timezone: string;
}

/** The durable schedule (tl_schedule row) of a poller. */
export function pollerScheduleName(pollerId: string): string {
  return `poller:${pollerId}`;
}

/** What one check for due schedules did in this process. */
export interface ScheduleCheck {
  /** Ticks this process claimed (another process claimed the rest). */
  ticks: ScheduleTick[];
  /** The pass each claimed tick ran, in tick order (a failed pass has `error` set). */
  passes: PollerPassSummary[];
  /**
   * Pollers whose tick this process claimed while another process's pass of them was still
   * running: no second pass is started (that one reads to the end of its source anyway).
   */
  busy: string[];
  /** Ticks that could not be claimed (they stay due for the next check). */
  failed: { name: string; error: string }[];
}

/** Options of {@link createPollScheduler}. */
export interface PollSchedulerOptions {
  /** On PostgreSQL a poller's pass also holds an advisory lock, so passes of one poller never overlap across processes. */
  store: Pick<ThroughlineDatabase, 'db' | 'engine'>;
  /** Runs a poller's pass when its tick is claimed. */
  runner: Pick<PollerRunner, 'pollPoller'>;
  /** One schedule per poller the runner runs. */
  schedules: readonly PollerSchedule[];
  clock: Clock;
  /** How often the loop looks for due schedules (default 5 s of the clock). */
  checkIntervalMs?: number;
  /** A check that failed as a whole (store unreachable); the loop goes on at the next interval. */
  onError?(error: unknown): void;
  /** After each check of the loop. */
  onCheck?(check: ScheduleCheck): void;
}

/** Drives pollers from durable cron schedules shared by every hub process on the store. */
export interface PollScheduler {
  /** Creates or updates the durable schedule of every poller (an unchanged one keeps its next tick). */
  register(): Promise<void>;
  /** Claims this process's share of the due ticks, then runs the poller of each claimed tick. */
  runDue(): Promise<ScheduleCheck>;
  /** Checks every `checkIntervalMs` of the clock, in the background, until stopped. */
  start(): void;
  /** Stops the loop after the check (and the passes) in flight. */
  stop(): Promise<void>;
}

/**
 * Creates the poll scheduler. Each poller has a durable schedule (`poller:<id>` in tl_schedule);
 * every process running this loop against one store competes for the due ticks with the
 * compare-and-set of fireDueSchedules, so each tick polls once however many `serve`/`worker`
 * processes run, and a process only claims ticks of the pollers it runs.
 *
 * The claim commits before the pass runs (a pass makes vendor calls and commits page by page, so
 * it cannot live in the claiming transaction). A process killed between the two loses that tick's
 * pass; nothing is lost, since the next tick resumes from the poller's checkpoint. A pass longer
 * than the cron period does not get a twin: a tick claimed while another process still runs a pass
 * of that poller is skipped (reported as `busy`).
 */
export function createPollScheduler(options: PollSchedulerOptions): PollScheduler {
  const checkIntervalMs = options.checkIntervalMs ?? 5_000;
  const pollerOf = new Map(options.schedules.map((s) => [pollerScheduleName(s.pollerId), s.pollerId]));
  const names = [...pollerOf.keys()];
  let loop: Promise<void> | undefined;
  let abort = new AbortController();

  const runDue = async (): Promise<ScheduleCheck> => {
    // The handler runs in the claiming transaction: it only records the tick (see above).
    const report = await fireDueSchedules(options.store.db, options.clock, async () => undefined, { names });
    const passes: PollerPassSummary[] = [];
    const busy: string[] = [];
    for (const tick of report.fired) {
      const pollerId = pollerOf.get(tick.name)!;
      try {
        const pass = await withScheduledPassLock(options.store, pollerId, (db) => options.runner.pollPoller(pollerId, { db }));
        if (pass.ran) passes.push(pass.result);
        else busy.push(pollerId);
      } catch (error) {
        // The runner reports a failing pass in its summary; this is a poller it does not run, or no lock.
        passes.push({
          pollerId, connection: '', pages: 0, accepted: 0, duplicates: 0, rejected: 0, echoesDropped: 0, ignored: 0, rejectReasons: [],
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return { ticks: report.fired, passes, busy, failed: report.failed };
  };

  return {
    async register() {
      for (const schedule of options.schedules) {
        await upsertSchedule(
          options.store.db,
          { name: pollerScheduleName(schedule.pollerId), cron: schedule.cron, timezone: schedule.timezone, payload: { pollerId: schedule.pollerId } },
          options.clock,
        );
      }
    },
    runDue,
    start() {
      if (loop) return;
      abort = new AbortController();
      const signal = abort.signal;
      loop = (async () => {
        while (!signal.aborted) {
          try {
            options.onCheck?.(await runDue());
          } catch (error) {
            options.onError?.(error);
          }
          try {
            await options.clock.sleep(checkIntervalMs, signal);
          } catch {
            return;
          }
        }
      })();
    },
    async stop() {
      abort.abort();
      await loop;
      loop = undefined;
    },
  };
}
