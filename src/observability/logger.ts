import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { redact } from './redaction.js';

/** The hub's structured logger (pino). */
export type ThroughlineLogger = Logger;

/** How to build a logger. */
export interface CreateLoggerOptions {
  /** Minimum level written (default `info`). */
  level?: string | undefined;
  /** Where JSON lines go (default stdout). Tests pass a capturing stream. */
  destination?: DestinationStream | NodeJS.WritableStream | undefined;
  /** Fields on every line (e.g. `{ service: 'worker' }`). */
  base?: Record<string, unknown> | undefined;
  /** Time source for the `time` field; pass the hub clock's `now` so simulated runs log simulated time. */
  now?: (() => Date) | undefined;
}

/**
 * A pino JSON logger whose every line (fields and child bindings) passes through the redaction of
 * `redaction.ts`, at any depth.
 */
export function createLogger(options: CreateLoggerOptions = {}): ThroughlineLogger {
  const now = options.now;
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    // pid tells worker processes apart; hostname is left out (it can name a person's laptop).
    base: redact({ pid: process.pid, ...options.base }),
    timestamp: now ? () => `,"time":"${now().toISOString()}"` : pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      bindings: (bindings) => redact(bindings),
      log: (object) => redact(object),
    },
  };
  const logger = options.destination ? pino(config, options.destination as DestinationStream) : pino(config);
  // pino resets the bindings formatter on children, so child bindings are redacted here instead.
  // Children inherit this own property from the root (pino children are Object.create(parent)).
  const baseChild = logger.child;
  logger.child = function redactingChild(this: Logger, bindings, childOptions) {
    return baseChild.call(this, redact(bindings), childOptions);
  } as Logger['child'];
  return logger;
}

/** A child logger that puts `correlationId` (one per business transaction) on every line. */
export function withCorrelationId(logger: ThroughlineLogger, correlationId: string, fields: Record<string, unknown> = {}): ThroughlineLogger {
  return logger.child({ ...fields, correlationId });
}

/** A logger that writes nothing (for tests and library defaults). */
export function silentLogger(): ThroughlineLogger {
  return pino({ level: 'silent' });
}
