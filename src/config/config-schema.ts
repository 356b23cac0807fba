import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { pollerIdsOf } from './connection-roles.js';
import { connectionSchema } from './connection-schema.js';
import { slugSchema } from './primitives.js';
import { sinkSchema } from './sink-schema.js';

/** Log levels, most to least verbose. */
export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** Where the store lives. `DATABASE_URL` (environment) selects PostgreSQL and overrides dataDir. */
export const databaseSectionSchema = z.strictObject({
  dataDir: z.string().min(1).optional().describe("PGlite data directory; relative paths resolve against the config file's folder (default .throughline/data)"),
  poolSize: z.int().min(1).max(1000).optional().describe('PostgreSQL connection pool size per process (server mode; default 10)'),
});

/** The HTTP server's listen address. */
export const serverSectionSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1').describe('Interface the HTTP server listens on'),
  port: z.int().min(0).max(65535).default(8080).describe('TCP port of the HTTP server'),
});

/** Log output. */
export const loggingSectionSchema = z.strictObject({
  level: z.enum(logLevels).default('info').describe('Minimum level written'),
});

/** A poller with no entry in `schedules` runs every minute, read in UTC. */
export const DEFAULT_POLL_CRON = '* * * * *';
export const DEFAULT_POLL_TIMEZONE = 'UTC';

/** A cron expression cron-parser accepts (5 fields, or 6 with seconds first). */
const cronSchema = z.string().superRefine((value, ctx) => {
  try {
    CronExpressionParser.parse(value, { strict: false });
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `is not a valid cron expression (${error instanceof Error ? error.message : String(error)})` });
  }
});

/** A poller's id: `<connection id>:<source>`, e.g. `crm:timecards` or `hr:workday:worker-delta`. */
const POLLER_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*(?::[A-Za-z0-9_-]+)+$/;
const pollerIdSchema = z
  .string()
  .regex(POLLER_ID, { error: 'must be a poller id (<connection id>:<source>, e.g. crm:timecards)' });

/**
 * A durable cron schedule: either of a poller (`poller`, named after it) or of a job (`name` + `job`).
 * Each tick fires once across every hub process on the store.
 */
export const scheduleSchema = z
  .strictObject({
    name: slugSchema.optional().describe('Unique slug naming a job schedule (required with job; a poller schedule is named after its poller)'),
    poller: pollerIdSchema
      .optional()
      .describe('Poller this schedule runs, by id (<connection id>:<source>: crm:timecards, hr:workday:worker-delta); a poller with no schedule runs every minute (UTC)'),
    cron: cronSchema.describe('Cron expression (5 fields, or 6 with seconds first)'),
    timezone: z
      .string()
      .refine(isTimeZone, { error: 'must be an IANA time zone (e.g. UTC, Europe/London)' })
      .default('UTC')
      .describe('IANA time zone the cron expression is read in'),
    job: z.string().min(1).optional().describe('The job to start (e.g. reconcile, forecast-feed); not with poller'),
    payload: z.record(z.string(), z.unknown()).optional().describe('Arguments handed to the job'),
  })
  .superRefine(checkScheduleTarget);
export type ScheduleConfig = z.infer<typeof scheduleSchema>;

/** A schedule runs a poller or a job, not both; a job schedule needs a name; a poller's takes none. */
function checkScheduleTarget(schedule: { name?: string | undefined; poller?: string | undefined; job?: string | undefined; payload?: unknown }, ctx: z.core.$RefinementCtx): void {
  if (schedule.poller !== undefined) {
    if (schedule.job !== undefined) ctx.addIssue({ code: 'custom', path: ['job'], message: 'cannot be combined with poller (a schedule runs a poller or a job)' });
    if (schedule.name !== undefined) ctx.addIssue({ code: 'custom', path: ['name'], message: 'is not used by a poller schedule (it is named after its poller)' });
    if (schedule.payload !== undefined) ctx.addIssue({ code: 'custom', path: ['payload'], message: 'is not used by a poller schedule' });
    return;
  }
  if (schedule.job === undefined) ctx.addIssue({ code: 'custom', path: ['job'], message: 'is required (or poller: <poller id>)' });
  if (schedule.name === undefined) ctx.addIssue({ code: 'custom', path: ['name'], message: 'is required' });
}

/**
 * A poller schedule must name a configured connection (its id's first segment) and a poller the hub
 * runs for it (see pollerIdsOf: the first PSA connection's timecards, the first Workday connection's
 * worker delta).
 */
function checkPollerSchedules(config: { connections: { id: string; system: string }[]; schedules: ScheduleConfig[] }, ctx: z.core.$RefinementCtx): void {
  const connections = new Set(config.connections.map((c) => c.id));
  const known = pollerIdsOf(config);
  config.schedules.forEach((schedule, index) => {
    if (schedule.poller === undefined || !POLLER_ID.test(schedule.poller)) return;
    const connection = schedule.poller.split(':')[0]!;
    if (!connections.has(connection)) {
      ctx.addIssue({ code: 'custom', path: ['schedules', index, 'poller'], message: `names connection "${connection}", which is not configured` });
    } else if (!known.includes(schedule.poller)) {
      ctx.addIssue({
        code: 'custom',
        path: ['schedules', index, 'poller'],
        message: `the hub runs no poller "${schedule.poller}" (its pollers: ${known.length > 0 ? known.join(', ') : 'none'})`,
      });
    }
  });
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Reports a duplicate `key` in a list, pointing at the later entry and naming the first. */
function uniqueBy<T>(list: string, key: keyof T & string) {
  return (items: T[], ctx: z.core.$RefinementCtx<T[]>) => {
    const first = new Map<unknown, number>();
    items.forEach((item, index) => {
      const value = item[key];
      if (value === undefined) return;
      const seen = first.get(value);
      if (seen === undefined) first.set(value, index);
      else ctx.addIssue({ code: 'custom', path: [index, key], message: `duplicate ${key} "${String(value)}" (already used by ${list}[${seen}])` });
    });
  };
}

/** The whole `throughline.yaml`. Every section is optional; an absent file means all defaults. */
export const configSchema = z.strictObject({
  database: databaseSectionSchema.default({}).describe('Where the store lives; DATABASE_URL (environment) selects PostgreSQL'),
  server: serverSectionSchema.default({ host: '127.0.0.1', port: 8080 }).describe('HTTP server listen address'),
  logging: loggingSectionSchema.default({ level: 'info' }).describe('Log output'),
  connections: z.array(connectionSchema).superRefine(uniqueBy('connections', 'id')).default([]).describe('The systems the hub talks to'),
  policies: z.record(z.string(), z.unknown()).default({}).describe('Business policies; typed by the issues that introduce them'),
  schedules: z
    .array(scheduleSchema)
    .superRefine(uniqueBy('schedules', 'name'))
    .superRefine(uniqueBy('schedules', 'poller'))
    .default([])
    .describe('Durable cron schedules: of pollers (default every minute, UTC) and of jobs; each tick fires once across all hub processes'),
  sinks: z
    .array(sinkSchema)
    .superRefine(uniqueBy('sinks', 'name'))
    .default([])
    .describe('Where events are published after commit (outbox relay); with none, serve and worker run no relay'),
}).superRefine(checkPollerSchedules);

/** The validated configuration, defaults applied. */
export type ThroughlineConfig = z.infer<typeof configSchema>;
