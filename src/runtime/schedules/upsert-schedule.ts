import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../persistence/schema.js';
import type { Clock } from '../clock.js';
import { assertValidCron, nextTickAfter } from './cron-ticks.js';

const scheduleInputSchema = z.object({
  name: z.string().min(1).max(200),
  cron: z.string().min(1),
  timezone: z.string().min(1).default('UTC'),
  payload: z.unknown().default({}),
  enabled: z.boolean().default(true),
});

/** A schedule as configured (YAML `schedules:` or code). */
export type ScheduleInput = z.input<typeof scheduleInputSchema>;

/**
 * Creates or updates a schedule by name. Changing the cron or time zone re-plans the next tick from
 * now; an unchanged definition keeps its planned tick (re-applying config at every start is a no-op).
 */
export async function upsertSchedule(db: Kysely<Database>, input: ScheduleInput, clock: Clock): Promise<{ nextFireAt: Date }> {
  const schedule = scheduleInputSchema.parse(input);
  assertValidCron(schedule.cron, schedule.timezone);
  const now = clock.now();
  const next = nextTickAfter(schedule.cron, schedule.timezone, now);
  const result = await sql<{ next_fire_at: Date }>`
    insert into tl_schedule (name, cron, timezone, payload, enabled, next_fire_at, updated_at)
    values (${schedule.name}, ${schedule.cron}, ${schedule.timezone}, ${JSON.stringify(schedule.payload ?? {})}::jsonb,
            ${schedule.enabled}, ${next.toISOString()}, ${now.toISOString()})
    on conflict (name) do update set
      payload = excluded.payload,
      enabled = excluded.enabled,
      updated_at = excluded.updated_at,
      cron = excluded.cron,
      timezone = excluded.timezone,
      next_fire_at = case
        when tl_schedule.cron = excluded.cron and tl_schedule.timezone = excluded.timezone then tl_schedule.next_fire_at
        else excluded.next_fire_at end
    returning next_fire_at`.execute(db);
  return { nextFireAt: new Date(result.rows[0]!.next_fire_at) };
}
