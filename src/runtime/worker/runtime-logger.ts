/** The slice of a pino logger the runtime writes to (pino satisfies it; tests pass `silentLogger`). */
export interface RuntimeLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A logger that drops everything. */
export const silentLogger: RuntimeLogger = { debug() {}, info() {}, warn() {}, error() {} };
