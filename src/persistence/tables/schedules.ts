import type { ColumnType } from 'kysely';

/** A durable cron schedule (pollers, reconciliation); `next_fire_at` is the tick to fire next. */
export interface ScheduleTable {
  name: string;
  cron: string;
  timezone: string;
  payload: ColumnType<unknown, string, string>;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  /** Compare-and-set target: whoever moves it past a tick owns that tick. */
  next_fire_at: ColumnType<Date, Date | string, Date | string>;
  last_fired_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The scheduled instant of the last fired tick. */
  last_tick_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Ticks skipped in total under the missed-tick policy (fire once, skip the rest). */
  missed_ticks: ColumnType<number, number | undefined, number>;
  updated_at: ColumnType<Date, Date | string, Date | string>;
}

export interface ScheduleTables {
  tl_schedule: ScheduleTable;
}
