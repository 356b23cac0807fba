import { CronExpressionParser } from 'cron-parser';

/** Cap on ticks counted when catching up, so a schedule idle for years costs bounded work. */
const MAX_COUNTED_TICKS = 10_000;

/** The first tick of `cron` in `timezone` strictly after `after`. Throws on an invalid expression or zone. */
export function nextTickAfter(cron: string, timezone: string, after: Date): Date {
  return CronExpressionParser.parse(cron, { currentDate: after, tz: timezone }).next().toDate();
}

/** Throws a readable error when the expression or the time zone is not valid. */
export function assertValidCron(cron: string, timezone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    throw new Error(`unknown time zone "${timezone}"`);
  }
  try {
    nextTickAfter(cron, timezone, new Date(0));
  } catch (error) {
    throw new Error(`invalid cron expression "${cron}": ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/**
 * Catching up from a due tick: the latest tick at or before `now` (the one to fire), how many
 * earlier due ticks are skipped, and the first tick after `now` (the next to wait for).
 */
export function catchUp(cron: string, timezone: string, dueTick: Date, now: Date): { fire: Date; skipped: number; next: Date } {
  const ticks = CronExpressionParser.parse(cron, { currentDate: dueTick, tz: timezone });
  let fire = dueTick;
  let skipped = 0;
  for (;;) {
    const candidate = ticks.next().toDate();
    if (candidate.getTime() > now.getTime()) return { fire, skipped, next: candidate };
    fire = candidate;
    skipped += 1;
    if (skipped >= MAX_COUNTED_TICKS) {
      // Stop counting; fire the latest tick at or before now all the same.
      const latest = CronExpressionParser.parse(cron, { currentDate: new Date(now.getTime() + 1), tz: timezone }).prev().toDate();
      return { fire: latest, skipped, next: nextTickAfter(cron, timezone, now) };
    }
  }
}
