import { DEFAULT_POLL_CRON, DEFAULT_POLL_TIMEZONE, type ThroughlineConfig } from './config-schema.js';

/** When a poller runs: its `schedules` entry, or every minute in UTC when it has none. */
export interface PollerScheduleConfig {
  pollerId: string;
  cron: string;
  timezone: string;
}

/** The schedule of each poller, in the order given (the configured one, else the default). */
export function pollerSchedulesOf(config: Pick<ThroughlineConfig, 'schedules'>, pollerIds: readonly string[]): PollerScheduleConfig[] {
  return pollerIds.map((pollerId) => {
    const configured = config.schedules.find((s) => s.poller === pollerId);
    return { pollerId, cron: configured?.cron ?? DEFAULT_POLL_CRON, timezone: configured?.timezone ?? DEFAULT_POLL_TIMEZONE };
  });
}

/**
 * `schedules[i].poller: …` for each poller schedule naming a poller the hub does not run (the
 * connection exists, but its system has no such poller); `known` lists the ones it does.
 */
export function unknownPollerSchedules(config: Pick<ThroughlineConfig, 'schedules'>, known: readonly string[]): string[] {
  const problems: string[] = [];
  config.schedules.forEach((schedule, index) => {
    if (schedule.poller === undefined || known.includes(schedule.poller)) return;
    problems.push(`schedules[${index}].poller: the hub runs no poller "${schedule.poller}" (its pollers: ${known.length > 0 ? known.join(', ') : 'none'})`);
  });
  return problems;
}
