/** A failure the CLI reports as one clear line and a chosen exit status (default 1). */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    message: string,
    readonly exitCode = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Exit statuses of the `throughline` command. */
export const exitCodes = {
  ok: 0,
  failure: 1,
  config: 2,
} as const;
