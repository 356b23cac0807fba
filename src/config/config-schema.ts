import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { connectionSchema } from './connection-schema.js';
import { slugSchema } from './primitives.js';

/** Log levels, most to least verbose. */
export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** Where the store lives. `DATABASE_URL` (environment) selects PostgreSQL and overrides dataDir. */
export const databaseSectionSchema = z.strictObject({
  /** PGlite data directory; relative paths resolve against the config file's folder. */
  dataDir: z.string().min(1).optional(),
  /** PostgreSQL connection pool size (server mode). */
  poolSize: z.int().min(1).max(1000).optional(),
});

/** The HTTP server's listen address. */
export const serverSectionSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.int().min(0).max(65535).default(8080),
});

/** Log output. */
export const loggingSectionSchema = z.strictObject({
  level: z.enum(logLevels).default('info'),
});

/** A durable cron schedule that starts a job. */
export const scheduleSchema = z.strictObject({
  name: slugSchema,
  cron: z.string().superRefine((value, ctx) => {
    try {
      CronExpressionParser.parse(value, { strict: false });
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `is not a valid cron expression (${error instanceof Error ? error.message : String(error)})` });
    }
  }),
  /** IANA time zone the cron expression is read in. */
  timezone: z.string().min(1).default('UTC'),
  /** The job to start (e.g. `reconcile`, `forecast-feed`). */
  job: z.string().min(1),
  /** Arguments handed to the job. */
  payload: z.record(z.string(), z.unknown()).optional(),
});
export type ScheduleConfig = z.infer<typeof scheduleSchema>;

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
  database: databaseSectionSchema.default({}),
  server: serverSectionSchema.default({ host: '127.0.0.1', port: 8080 }),
  logging: loggingSectionSchema.default({ level: 'info' }),
  connections: z.array(connectionSchema).superRefine(uniqueBy('connections', 'id')).default([]),
  /** Business policies; typed by the issues that introduce them. */
  policies: z.record(z.string(), z.unknown()).default({}),
  schedules: z.array(scheduleSchema).superRefine(uniqueBy('schedules', 'name')).default([]),
});

/** The validated configuration, defaults applied. */
export type ThroughlineConfig = z.infer<typeof configSchema>;
