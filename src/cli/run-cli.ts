import path from 'node:path';
import { CommanderError } from 'commander';
import { isConfigError } from '../config/index.js';
import { exitCodes } from './cli-error.js';
import { createProgram, type CommandRegistration } from './program.js';

/** Where the CLI writes its error report (injectable for tests). */
export interface CliStreams {
  stderr: (text: string) => void;
}

const defaultStreams: CliStreams = { stderr: (text) => process.stderr.write(text) };

/**
 * Runs the CLI on `argv` (as in process.argv) and returns the exit status: 0 ok, 1 failure,
 * 2 configuration error; commander's own status for usage errors.
 */
export async function runCli(argv: readonly string[], registrations: readonly CommandRegistration[], streams = defaultStreams): Promise<number> {
  const program = createProgram(registrations);
  try {
    await program.parseAsync([...argv]);
    return exitCodes.ok;
  } catch (error) {
    // Commander has already printed its message (or the help / version text).
    if (error instanceof CommanderError) return error.exitCode;
    const verbose = argv.includes('--verbose');
    streams.stderr(describeFailure(error, verbose));
    if (isConfigError(error)) return exitCodes.config;
    const code = (error as { exitCode?: unknown }).exitCode;
    return typeof code === 'number' && code > 0 ? code : exitCodes.failure;
  }
}

/** The text printed for a failure: one line (or one line per config problem), stack only if verbose. */
export function describeFailure(error: unknown, verbose: boolean): string {
  if (isConfigError(error)) {
    const where = error.file ? ` in ${displayPath(error.file)}` : '';
    const lines = [`error: invalid configuration${where}`, ...error.problems.map((p) => `  ${p}`)];
    return `${lines.join('\n')}\n`;
  }
  const message = error instanceof Error ? error.message : String(error);
  let text = `error: ${message.split('\n')[0]}\n`;
  if (verbose) {
    for (let e: unknown = error; e instanceof Error; e = e.cause) text += `${e === error ? '' : 'caused by: '}${e.stack ?? e.message}\n`;
  } else {
    text += '(run with --verbose for details)\n';
  }
  return text;
}

function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
