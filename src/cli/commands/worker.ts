import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { loadCommandConfig } from '../command-context.js';

function positiveInteger(name: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1) throw new CliError(`--${name} must be a positive integer, got "${value}"`);
    return parsed;
  };
}

/** `throughline worker`: claim and execute flow runs against the configured store until SIGTERM / SIGINT. */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run flow runs from the configured store (DATABASE_URL => PostgreSQL, else PGlite) until SIGTERM/SIGINT')
    .option('--concurrency <n>', 'step invocations in flight at once', positiveInteger('concurrency'), 8)
    .option('--batch-size <n>', 'runs claimed per claim', positiveInteger('batch-size'), 100)
    .option('--lease-ms <n>', 'lease of a claim without heartbeat', positiveInteger('lease-ms'), 30_000)
    .option('--worker-id <id>', 'lease owner name (default worker-<pid>-<random>)')
    .action(async (options: { concurrency: number; batchSize: number; leaseMs: number; workerId?: string }, command: Command) => {
      const { config } = await loadCommandConfig(command);
      // Loaded on use so `--help` and other commands do not pay for the database drivers.
      const { openStore } = await import('../../main/open-store.js');
      const { runWorkerProcess } = await import('../../main/worker.js');
      const { createHub } = await import('../../main/hub.js');
      const { createLogger } = await import('../../observability/logger.js');
      const logger = createLogger({ base: { service: 'worker' } });
      const { store } = await openStore(config, { applicationName: 'throughline-worker' });
      // The same composition as `serve` (connectors from the config, every flow they enable), minus the API.
      const hub = await createHub({ config, store, logger });
      try {
        const flows = hub.flows;
        logger.info({ engine: store.engine, location: store.location, flows: flows.flows.map((f) => f.id) }, 'worker ready');
        // The outbox relay runs here too when the config has sinks (any number of processes may run it).
        await runWorkerProcess({ store, flows, logger, outbox: hub.outbox, ...options });
      } finally {
        await hub.stop();
        await store.close();
      }
    });
}
