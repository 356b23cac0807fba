import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { loadCommandConfig, printLine } from '../command-context.js';

/** `throughline serve`: API + worker + pollers in one process (embedded mode) until SIGTERM / SIGINT. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the HTTP API (webhooks, health, OpenAPI), the flow worker and the pollers in one process until SIGTERM/SIGINT')
    .option('--poll-interval <seconds>', 'seconds between checks for due poller schedules (when pollers run is set by their cron schedules)', '5')
    .option('--no-pollers', 'do not poll (webhooks only)')
    .action(async (options: { pollInterval: string; pollers: boolean }, command: Command) => {
      const seconds = Number(options.pollInterval);
      if (!(seconds > 0)) throw new CliError(`--poll-interval must be a positive number of seconds, got "${options.pollInterval}"`, 2);
      const { config } = await loadCommandConfig(command);
      const { openStore } = await import('../../main/open-store.js');
      const { runServe } = await import('../../main/serve.js');
      const { createLogger } = await import('../../observability/logger.js');
      const logger = createLogger({ level: config.logging.level, base: { service: 'hub' }, destination: process.stderr });
      const { store } = await openStore(config, { applicationName: 'throughline-serve' });
      try {
        await runServe({
          config, store, logger, pollIntervalMs: seconds * 1000, pollers: options.pollers,
          onListening: (url) => printLine(`listening on ${url}`),
        });
      } finally {
        await store.close();
      }
    });
}
