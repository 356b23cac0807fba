import type { Command } from 'commander';
import { loadConfig, type LoadedConfig } from '../config/index.js';

/** Options every command accepts (declared on the root program). */
export interface GlobalOptions {
  /** `--config <path>`: the YAML file to read (must exist when given). */
  config?: string | undefined;
  /** `--verbose`: print stack traces on failure. */
  verbose?: boolean | undefined;
}

/** The global options as seen from inside a command's action. */
export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

/**
 * Loads the configuration named by `--config` (or `throughline.yaml` if present, else defaults).
 * `checkSecrets: false` for commands that never call a vendor (e.g. `migrate`).
 */
export function loadCommandConfig(command: Command, options: { checkSecrets?: boolean } = {}): Promise<LoadedConfig> {
  return loadConfig({ path: globalOptions(command).config, checkSecrets: options.checkSecrets });
}

/** Writes one line to stdout (commands print results here; errors go to stderr). */
export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

/** Writes a value as pretty JSON to stdout, for `--json`. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
