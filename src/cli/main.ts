// Entry point of the `throughline` command (bin/throughline.js imports this module).
import { registerBenchCommand } from './commands/bench.js';
import { registerConfigCommand } from './commands/config.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerMigrateCommand } from './commands/migrate.js';
import { registerSandboxCommand } from './commands/sandbox.js';
import { registerSimulateCommand } from './commands/simulate.js';
import { registerServeCommand } from './commands/serve.js';
import { registerWorkerCommand } from './commands/worker.js';
import type { CommandRegistration } from './program.js';
import { runCli } from './run-cli.js';

/** Every command of the CLI, in help order. Adding a command is one line here. */
const commands: readonly CommandRegistration[] = [
  registerMigrateCommand,
  registerConfigCommand,
  registerSandboxCommand,
  registerSimulateCommand,
  registerWorkerCommand,
  registerBenchCommand,
  registerDemoCommand,
  registerServeCommand,
];

process.exitCode = await runCli(process.argv, commands);
