import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { createIntake } from '../../intake/create-intake.js';
import type { ThroughlineDatabase } from '../../persistence/database.js';
import { systemClock } from '../../runtime/clock.js';
import { createWorker } from '../../runtime/worker/create-worker.js';
import { approvedTimeEvents } from './bench-events.js';
import { eventDefinitionList } from './event-definition-list.js';
import { percentiles, round, trackPeakMemory } from './measure.js';
import { noopFlowRegistry } from './noop-flow.js';
import { openBenchStore } from './open-bench-store.js';

/** One end-to-end runtime measurement: events ingested -> runs of the 3-step no-op flow completed. */
export interface RuntimeBenchResult {
  engine: 'pglite' | 'postgres';
  workerProcesses: number;
  runs: number;
  seconds: number;
  runsPerSecond: number;
  /** Seconds from the first ingest call to the last one returning, and the events/s that makes. */
  ingestSeconds: number;
  ingestEventsPerSecond: number;
  /** Per run: the event's ingest time (`recorded_at`) -> the run's `finished_at`. */
  latencyMs: ReturnType<typeof percentiles>;
  /** Peak resident memory of the measuring process and of each worker child. */
  peakRssMiB: { main: number; workers: number[] };
  /** CPU time (user + system) spent by the measuring process and each worker child during the measurement. */
  cpuSeconds: { main: number; workers: number[] };
  /** How the load was offered. */
  notes: string;
}

/** Options of one runtime measurement. */
export interface RuntimeScenarioOptions {
  runs: number;
  ingestBatch: number;
  /** Ingest calls in flight at once (independent sources: pollers, webhooks); PGlite serializes them anyway. */
  ingestStreams: number;
  claimBatch: number;
  /** PostgreSQL server URL; absent = PGlite in this process. */
  databaseUrl?: string | undefined;
  workerProcesses: number;
  progress(line: string): void;
}

const WORKER_ENTRY = path.join(import.meta.dirname, 'bench-worker-process.ts');

/**
 * Ingests `runs` events as fast as intake takes them while workers execute the no-op flow, and
 * measures until the last run completes. PGlite: one worker in this process (the embedded store is
 * one process). PostgreSQL: a fresh temporary database and `workerProcesses` worker children.
 */
export async function runRuntimeScenario(options: RuntimeScenarioOptions): Promise<RuntimeBenchResult> {
  const memory = trackPeakMemory();
  const bench = await openBenchStore(options.databaseUrl, 4);
  const children: Array<{ child: ChildProcess; peak: Promise<WorkerReport> }> = [];
  const inProcess = bench.store.engine === 'pglite' ? createWorker({ store: bench.store, clock: systemClock, flows: noopFlowRegistry(), batchSize: options.claimBatch, concurrency: 16, pollIntervalMs: 250 }) : undefined;
  try {
    const events = approvedTimeEvents(options.runs, systemClock);
    const intake = createIntake({ store: bench.store, clock: systemClock, definitions: eventDefinitionList, flows: noopFlowRegistry() });
    if (inProcess) inProcess.start();
    else for (let i = 0; i < options.workerProcesses; i += 1) children.push(await spawnWorker(bench.url!, options.claimBatch));
    options.progress(`runtime ${bench.store.engine} x${inProcess ? 1 : options.workerProcesses}: ${options.runs} events -> 3-step runs`);
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    let next = 0;
    const stream = async () => {
      while (next < events.length) {
        const from = next;
        next += options.ingestBatch;
        await intake.ingest(events.slice(from, from + options.ingestBatch));
      }
    };
    await Promise.all(Array.from({ length: options.ingestStreams }, stream));
    const ingestSeconds = (performance.now() - started) / 1000;
    await waitForCompletion(bench.store, options.runs);
    const wall = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    if (inProcess) await inProcess.stop();
    for (const { child } of children) child.kill('SIGTERM');
    const workerReports = await Promise.all(children.map((c) => c.peak));
    const timing = await sql<{ latency_ms: number }>`
      select extract(epoch from (r.finished_at - e.recorded_at)) * 1000 as latency_ms
        from tl_flow_run r join tl_event e on e.id = r.event_id where r.status = 'completed'`.execute(bench.store.db);
    const span = await sql<{ seconds: number }>`
      select extract(epoch from (max(r.finished_at) - min(e.recorded_at))) as seconds
        from tl_flow_run r join tl_event e on e.id = r.event_id`.execute(bench.store.db);
    const seconds = Number(span.rows[0]?.seconds ?? wall);
    return {
      engine: bench.store.engine,
      workerProcesses: inProcess ? 1 : options.workerProcesses,
      runs: timing.rows.length,
      seconds: round(seconds),
      runsPerSecond: round(timing.rows.length / seconds),
      ingestSeconds: round(ingestSeconds),
      ingestEventsPerSecond: round(options.runs / ingestSeconds),
      latencyMs: percentiles(timing.rows.map((r) => Number(r.latency_ms))),
      peakRssMiB: { main: memory.stop(), workers: workerReports.map((w) => w.peakRssMiB) },
      cpuSeconds: { main: round((cpu.user + cpu.system) / 1e6), workers: workerReports.map((w) => w.cpuSeconds) },
      notes:
        `${options.ingestStreams} ingest stream(s) of ${options.ingestBatch}-event batches as fast as intake takes them ` +
        `(latency includes the backlog); claim batch ${options.claimBatch}; cpuSeconds exclude the PostgreSQL server`,
    };
  } finally {
    if (inProcess) await inProcess.stop();
    for (const { child } of children) if (child.exitCode === null) child.kill('SIGKILL');
    await bench.close();
  }
}

/** Polls until no run is live; cheap (a probe of the claim index), as PGlite shares its one connection with the worker. */
async function waitForCompletion(store: ThroughlineDatabase, runs: number): Promise<void> {
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    const open = await sql<{ id: string }>`select id from tl_flow_run where live limit 1`.execute(store.db);
    if (open.rows.length === 0) {
      const counts = await sql<{ created: number; failed: number }>`
        select count(*)::int as created, (count(*) filter (where status <> 'completed'))::int as failed from tl_flow_run`.execute(store.db);
      const { created = 0, failed = 0 } = counts.rows[0] ?? {};
      if (failed > 0) throw new Error(`${failed} benchmark runs did not complete; see tl_run_exception`);
      if (created < runs) throw new Error(`only ${created} of ${runs} runs were created`);
      return;
    }
    if (Date.now() > deadline) throw new Error('benchmark did not finish within 30 minutes');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface WorkerReport {
  peakRssMiB: number;
  cpuSeconds: number;
}

async function spawnWorker(url: string, claimBatch: number): Promise<{ child: ChildProcess; peak: Promise<WorkerReport> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_ENTRY], {
    env: { ...process.env, BENCH_DATABASE_URL: url, BENCH_BATCH_SIZE: String(claimBatch) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.includes('ready\n')) markReady();
  });
  const peak = new Promise<WorkerReport>((resolve) =>
    child.on('exit', () => {
      const line = output.split('\n').find((l) => l.startsWith('{'));
      resolve(line ? (JSON.parse(line) as WorkerReport) : { peakRssMiB: 0, cpuSeconds: 0 });
    }),
  );
  await Promise.race([ready, peak.then(() => { throw new Error('bench worker exited before it was ready'); })]);
  return { child, peak };
}
