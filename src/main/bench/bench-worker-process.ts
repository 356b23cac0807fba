// A benchmark worker child process (PostgreSQL): runs the no-op flow against BENCH_DATABASE_URL
// until SIGTERM, then prints its peak RSS (MiB) and CPU seconds since it was ready as one JSON line.
import { openDatabase } from '../../persistence/database.js';
import { systemClock } from '../../runtime/clock.js';
import { createWorker } from '../../runtime/worker/create-worker.js';
import { trackPeakMemory } from './measure.js';
import { noopFlowRegistry } from './noop-flow.js';

const memory = trackPeakMemory();
const store = await openDatabase({ engine: 'postgres', url: process.env.BENCH_DATABASE_URL!, poolSize: 4, applicationName: 'throughline-bench' });
const worker = createWorker({
  store,
  clock: systemClock,
  flows: noopFlowRegistry(),
  batchSize: Number(process.env.BENCH_BATCH_SIZE ?? 1000),
  concurrency: 16,
  pollIntervalMs: 250, // a fallback: "runs ready" notifications wake the worker
});
worker.start();
const cpuAtReady = process.cpuUsage();
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
await worker.stop();
await store.close();
const cpu = process.cpuUsage(cpuAtReady);
process.stdout.write(`${JSON.stringify({ peakRssMiB: memory.stop(), cpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100 })}\n`);
