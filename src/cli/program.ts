import { Command } from 'commander';
import { packageVersion } from './package-info.js';

/** Adds one command (and its subcommands) to the root program. */
export type CommandRegistration = (program: Command) => void;

/**
 * The root `throughline` program with the global options, before any command is registered.
 * Commander errors (unknown command, bad flag, --help, --version) are thrown instead of exiting,
 * so `runCli` decides the exit status in one place.
 */
export function createProgram(registrations: readonly CommandRegistration[]): Command {
  const program = new Command('throughline')
    .description('Integration hub for professional services firms: CRM -> PSA -> ERP -> planning.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('-c, --config <path>', 'configuration file (default: ./throughline.yaml when present)')
    .option('--verbose', 'print stack traces on failure')
    .showHelpAfterError('(run "throughline --help" for usage)')
    .showSuggestionAfterError(true)
    .exitOverride();
  for (const register of registrations) register(program);
  return program;
}
