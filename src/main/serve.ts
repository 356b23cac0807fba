import type { ThroughlineConfig } from '../config/index.js';
import type { ThroughlineLogger } from '../observability/logger.js';
import type { ThroughlineDatabase } from '../persistence/database.js';
import { createHub, type Hub } from './hub.js';

/** Settings of `throughline serve`. */
export interface ServeOptions {
  config: ThroughlineConfig;
  store: ThroughlineDatabase;
  logger: ThroughlineLogger;
  env?: NodeJS.ProcessEnv;
  /** How often the poll scheduler looks for due poller schedules, in ms (the config's cron decides when pollers run). */
  pollIntervalMs?: number;
  /** False: this process neither registers nor fires poller schedules (webhooks only). */
  pollers?: boolean;
  /** Signals that stop it gracefully (default SIGTERM and SIGINT). */
  signals?: readonly NodeJS.Signals[];
  /** Called once listening, with the API's base URL. */
  onListening?(url: string, hub: Hub): void;
}

/**
 * Composition root of `throughline serve` (embedded mode): API + worker + pollers (on their durable
 * schedules) in one process until SIGTERM / SIGINT, then a graceful stop (API closed, poll pass
 * and worker wave finished).
 */
export async function runServe(options: ServeOptions): Promise<void> {
  const hub = await createHub({
    config: options.config, store: options.store, logger: options.logger,
    ...(options.env ? { env: options.env } : {}),
    ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
  });
  const url = await hub.start({ pollers: options.pollers !== false });
  options.logger.info({ url, flows: hub.flows.flows.map((f) => f.id), engine: options.store.engine }, 'hub serving');
  options.onListening?.(url, hub);
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      for (const s of signals) process.off(s, onSignal);
      options.logger.info({ signal }, 'stopping hub gracefully');
      resolve();
    };
    for (const s of signals) process.on(s, onSignal);
  });
  await hub.stop();
}
