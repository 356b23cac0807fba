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
