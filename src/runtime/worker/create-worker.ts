import { createIdFactory, type IdFactory } from '../../canonical/ids.js';
import type { ThroughlineDatabase } from '../../persistence/database.js';
import { claimRuns } from '../claims/claim-runs.js';
import { extendLeases } from '../claims/leases.js';
import type { Clock } from '../clock.js';
import type { FlowRegistry } from '../flows/flow-registry.js';
import type { OutcomeSink } from '../flows/outcome-sink.js';
import { createIdentityStore } from '../identity/identity-store.js';
import { loggableError } from '../retry/serialize-error.js';
import { RUNS_READY_CHANNEL } from '../runs/runs-ready.js';
import { executeClaimedRuns, type ExecutionSummary } from './execute-claimed-runs.js';
import { silentLogger, type RuntimeLogger } from './runtime-logger.js';

/** Options of a worker; everything but store, clock and flows has a default. */
export interface WorkerOptions {
  /** With `listen`, an idle worker wakes as soon as a commit makes runs claimable (see runs-ready.ts). */
  store: Pick<ThroughlineDatabase, 'db'> & Partial<Pick<ThroughlineDatabase, 'listen'>>;
  clock: Clock;
  flows: FlowRegistry;
  /** Unique per process; the lease owner written on claimed runs. */
  workerId?: string;
  /** Step invocations (or batch calls) in flight at once. */
  concurrency?: number;
  /** Runs claimed per claim statement. */
  batchSize?: number;
  /** How long a claim holds without a heartbeat; the heartbeat renews it every third of this. */
  leaseMs?: number;
  /**
   * Pause between claims when nothing is runnable; a "runs ready" notification ends it early. What
   * the poll alone finds: timed retries coming due, leases expiring, work missed by a lost listener.
   */
  pollIntervalMs?: number;
  logger?: RuntimeLogger;
  /**
   * Where outcome events that steps emit are appended, in the checkpoint transaction (the hub passes
   * its intake). Without it a step that emits fails.
   */
  outcomes?: OutcomeSink;
  /** Allocates canonical ids for the identity map (default: ULIDs on the worker's clock). */
  idFactory?: IdFactory;
}

/** A claim loop over the store. */
export interface Worker {
  readonly workerId: string;
  /** Starts the claim loop in the background. */
  start(): void;
  /**
   * Graceful stop: the wave in flight finishes and is recorded, the rest of the claimed runs are
   * released for any worker to take. `abortSteps` also aborts `ctx.signal` of steps in flight.
   */
  stop(options?: { abortSteps?: boolean }): Promise<void>;
  /** Claims and executes until nothing is runnable now (tests, demo). Returns the totals. */
  runUntilIdle(): Promise<ExecutionSummary & { claimed: number }>;
}

/** Creates a worker; call `start()` for the loop or `runUntilIdle()` to drain. */
export function createWorker(options: WorkerOptions): Worker {
  // No hostname: it can name a person's laptop, and worker ids end up in logs.
  const workerId = options.workerId ?? `worker-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const leaseMs = options.leaseMs ?? 30_000;
  const batchSize = options.batchSize ?? 100;
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const logger = options.logger ?? silentLogger;
  const db = options.store.db;
  const flowIds = options.flows.flows.map((f) => f.id);
  const identity = createIdentityStore({ db, idFactory: options.idFactory ?? createIdFactory({ now: () => options.clock.now().getTime() }) });
  const held = new Set<string>();
  const lostLeases = new Set<string>();
  const stepAbort = new AbortController();
  let stopping = false;
  let idleSleep: AbortController | undefined;
  /** Set by a notification; a claim that found nothing then claims again instead of sleeping. */
  let wakeRequested = false;
  let unlisten: Promise<(() => Promise<void>) | undefined> | undefined;
  let loop: Promise<void> | undefined;
  const wake = () => {
    wakeRequested = true;
    idleSleep?.abort();
  };

  const heartbeat = async (signal: AbortSignal) => {
    while (!signal.aborted) {
      try {
        await options.clock.sleep(Math.max(1, Math.floor(leaseMs / 3)), signal);
      } catch {
        return;
      }
      const ids = [...held];
      if (ids.length === 0) continue;
      try {
        const kept = await extendLeases(db, { workerId, runIds: ids, now: options.clock.now(), leaseMs });
        for (const id of ids) if (!kept.has(id) && held.has(id)) lostLeases.add(id);
      } catch (error) {
        logger.warn({ workerId, error: loggableError(error) }, 'heartbeat failed');
      }
    }
  };

  /** One claim and its execution, under a heartbeat. */
  const runOnce = async (): Promise<ExecutionSummary & { claimed: number }> => {
    const claimed = await claimRuns(db, { workerId, limit: batchSize, now: options.clock.now(), leaseMs, flowIds });
    if (claimed.length === 0) return { claimed: 0, completed: 0, retrying: 0, failed: 0, released: 0, lost: 0 };
    const beat = new AbortController();
    const beating = heartbeat(beat.signal);
    try {
      const summary = await executeClaimedRuns(
        {
          db,
          clock: options.clock,
          flows: options.flows,
          workerId,
          concurrency: options.concurrency ?? 8,
          logger,
          stepSignal: stepAbort.signal,
          shouldStop: () => stopping,
          lostLeases,
          held,
          identity,
          outcomes: options.outcomes,
        },
        claimed,
      );
      return { claimed: claimed.length, ...summary };
    } finally {
      beat.abort();
      await beating;
      for (const c of claimed) lostLeases.delete(c.id);
    }
  };

  const mainLoop = async () => {
    while (!stopping) {
      wakeRequested = false;
      try {
        const result = await runOnce();
        if (result.claimed > 0) continue;
      } catch (error) {
        logger.error({ workerId, error: loggableError(error) }, 'claim loop failed; backing off');
        wakeRequested = false; // back off for the poll interval even if work was announced
      }
      if (stopping) break;
      // Runs committed while that claim ran were invisible to it: claim again rather than sleep.
      if (wakeRequested) continue;
      idleSleep = new AbortController();
      try {
        await options.clock.sleep(pollIntervalMs, idleSleep.signal);
      } catch {
        // woken by a notification or by stop()
      } finally {
        idleSleep = undefined;
      }
    }
  };

  const startListening = async (): Promise<(() => Promise<void>) | undefined> => {
    if (!options.store.listen) return undefined;
    try {
      return await options.store.listen(RUNS_READY_CHANNEL, wake, {
        onError: (error) => logger.warn({ workerId, error: loggableError(error) }, 'runs-ready listener lost; polling only'),
      });
    } catch (error) {
      logger.warn({ workerId, error: loggableError(error) }, 'runs-ready listener failed to start; polling only');
      return undefined;
    }
  };

  return {
    workerId,
    start() {
      if (loop) return;
      stopping = false;
      unlisten = startListening();
      logger.info({ workerId, flows: flowIds, batchSize, leaseMs }, 'worker started');
      loop = mainLoop();
    },
    async stop(stopOptions = {}) {
      stopping = true;
      idleSleep?.abort();
      if (stopOptions.abortSteps) stepAbort.abort(new Error('worker stopping'));
      await loop;
      loop = undefined;
      const stopListening = await unlisten;
      unlisten = undefined;
      await stopListening?.();
      logger.info({ workerId }, 'worker stopped');
    },
    async runUntilIdle() {
      const total = { claimed: 0, completed: 0, retrying: 0, failed: 0, released: 0, lost: 0 };
      for (;;) {
        const result = await runOnce();
        if (result.claimed === 0) return total;
        for (const key of Object.keys(total) as Array<keyof typeof total>) total[key] += result[key];
      }
    },
  };
}
