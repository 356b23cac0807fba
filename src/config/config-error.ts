/**
 * The configuration could not be used. `problems` are `path: reason` lines; the CLI prints them
 * after the file name and exits with status 2. Recognised by `name`.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    /** The file the problems were found in, or undefined when none was read. */
    readonly file: string | undefined,
    readonly problems: readonly string[],
  ) {
    super(`${file ? `${file}: ` : ''}${problems.length === 1 ? problems[0] : `${problems.length} problems:\n  ${problems.join('\n  ')}`}`);
  }
}

/** True when `error` is a ConfigError (also across module copies, by name). */
export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof Error && error.name === 'ConfigError' && Array.isArray((error as ConfigError).problems);
}
