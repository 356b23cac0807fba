import type { PollScheduler } from '../intake/poll-scheduler.js';
import type { ThroughlineDatabase } from '../persistence/database.js';
import { systemClock, type Clock } from '../runtime/clock.js';
import type { FlowRegistry } from '../runtime/flows/flow-registry.js';
import type { OutboxRelay } from '../runtime/outbox/outbox-relay.js';
import { createWorker, type Worker } from '../runtime/worker/create-worker.js';
import type { RuntimeLogger } from '../runtime/worker/runtime-logger.js';

/** Settings of a worker process. */
export interface WorkerProcessOptions {
  store: Pick<ThroughlineDatabase, 'db'>;
  flows: FlowRegistry;
  logger: RuntimeLogger;
  clock?: Clock;
  workerId?: string;
  concurrency?: number;
  batchSize?: number;
  leaseMs?: number;
  pollIntervalMs?: number;
  /**
   * The hub's poll scheduler (`hub.scheduler`), to run the pollers' durable schedules in this process
   * too: any number of processes may, each tick still polls once. Stopped with the worker.
   */
  scheduler?: Pick<PollScheduler, 'register' | 'start' | 'stop'>;
  /** The outbox relay (`hub.outbox`, built when the config has sinks): runs with the worker, stopped with it. */
  outbox?: Pick<OutboxRelay, 'start' | 'stop'> | undefined;
  /** Signals that stop it gracefully (default SIGTERM and SIGINT). */
  signals?: readonly NodeJS.Signals[];
}

/**
 * Composition root of `throughline worker`: runs the claim loop until SIGTERM / SIGINT, then stops
 * gracefully (the wave in flight finishes and is recorded; the rest of its claims are released).
 * Resolves once stopped; a second signal while stopping aborts the steps in flight.
 */
export async function runWorkerProcess(options: WorkerProcessOptions): Promise<Worker> {
  const worker = createWorker({
    store: options.store,
    clock: options.clock ?? systemClock,
    flows: options.flows,
    workerId: options.workerId,
    concurrency: options.concurrency,
    batchSize: options.batchSize,
    leaseMs: options.leaseMs,
    pollIntervalMs: options.pollIntervalMs,
    logger: options.logger,
  });
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  await options.scheduler?.register();
  let stopping: Promise<void> | undefined;
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        options.logger.warn({ signal }, 'second signal: aborting steps in flight');
        void worker.stop({ abortSteps: true });
        return;
      }
      options.logger.info({ signal, workerId: worker.workerId }, 'stopping worker gracefully');
      stopping = Promise.all([worker.stop(), options.scheduler?.stop()]).then(() => options.outbox?.stop()).then(() => {
        for (const s of signals) process.off(s, onSignal);
        resolve();
      });
    };
    for (const s of signals) process.on(s, onSignal);
    worker.start();
    options.outbox?.start();
    options.scheduler?.start();
  });
  return worker;
}
