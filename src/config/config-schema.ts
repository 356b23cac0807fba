import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { connectionSchema } from './connection-schema.js';
import { slugSchema } from './primitives.js';

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

/** A durable cron schedule that starts a job. */
export const scheduleSchema = z.strictObject({
  name: slugSchema.describe('Unique slug naming the schedule'),
  cron: z.string().superRefine((value, ctx) => {
    try {
      CronExpressionParser.parse(value, { strict: false });
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `is not a valid cron expression (${error instanceof Error ? error.message : String(error)})` });
    }
  }).describe('Cron expression (5 fields, or 6 with seconds first)'),
  timezone: z
    .string()
    .refine(isTimeZone, { error: 'must be an IANA time zone (e.g. UTC, Europe/London)' })
    .default('UTC')
    .describe('IANA time zone the cron expression is read in'),
  job: z.string().min(1).describe('The job to start (e.g. reconcile, forecast-feed)'),
  payload: z.record(z.string(), z.unknown()).optional().describe('Arguments handed to the job'),
});
export type ScheduleConfig = z.infer<typeof scheduleSchema>;

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
  schedules: z.array(scheduleSchema).superRefine(uniqueBy('schedules', 'name')).default([]).describe('Durable cron schedules'),
});

/** The validated configuration, defaults applied. */
export type ThroughlineConfig = z.infer<typeof configSchema>;
