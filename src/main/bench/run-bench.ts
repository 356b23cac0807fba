import type { AnyCanonicalEvent } from '../../canonical/events/index.js';
import { performance } from 'node:perf_hooks';
import { eventDefinitionList } from './event-definition-list.js';
import { describeMachine } from './machine.js';
import { approvedTimeEvents } from './bench-events.js';
import { percentiles, round, trackPeakMemory } from './measure.js';
import { add, money, multiply } from '../../canonical/money/index.js';
import type { ThroughlineDatabase } from '../../persistence/database.js';
import { createIntake } from '../../intake/create-intake.js';
import { systemClock } from '../../runtime/clock.js';
import { defineBatchStep, defineStep, type BatchItem } from '../../runtime/flows/define-step.js';
import { defineFlow } from '../../runtime/flows/define-flow.js';
import { createFlowRegistry } from '../../runtime/flows/flow-registry.js';
import { createWorker } from '../../runtime/worker/create-worker.js';

/** One benchmark's figures. */
export interface BenchFigure {
  name: string;
  unit: string;
  throughput: number;
  count: number;
  seconds: number;
  latencyMs?: ReturnType<typeof percentiles>;
  notes?: string;
}

/** Everything `throughline bench` measured, with the machine it ran on. */
export interface BenchReport {
  engine: string;
  startedAt: string;
  machine: ReturnType<typeof describeMachine>;
  figures: BenchFigure[];
  peakRssMiB: number;
}

/** The flow the runtime benchmark executes: two single steps and a 200-item batch step, no I/O. */
const benchFlow = defineFlow({
  id: 'bench-flow',
  on: ['time.approved'],
  key: (event) => event.sourceId,
  steps: [
    defineStep({ id: 'validate', invoke: async (event: AnyCanonicalEvent<'time.approved'>) => ({ key: event.sourceId }) }),
    defineStep({ id: 'enrich', invoke: async (_event: AnyCanonicalEvent<'time.approved'>) => ({ rate: '185.00' }) }),
    defineBatchStep({ id: 'post', maxBatch: 200, invokeBatch: async (items: ReadonlyArray<BatchItem<AnyCanonicalEvent<'time.approved'>>>) => items.map(() => ({ ok: true as const, output: { posted: true } })) }),
  ],
});

/** Runs the benchmarks on an open, migrated, empty store. */
export async function runBench(store: ThroughlineDatabase, options: { events: number; batch: number; progress?: (line: string) => void }): Promise<BenchReport> {
  const memory = trackPeakMemory();
  const figures: BenchFigure[] = [];
  const progress = options.progress ?? (() => undefined);
  const clock = systemClock;
  const flows = createFlowRegistry([benchFlow]);
  const intake = createIntake({ store, clock, definitions: eventDefinitionList, flows });
  const events = approvedTimeEvents(options.events, clock);

  progress(`ingest: ${options.events} events in batches of ${options.batch}`);
  figures.push(await timeBatches('intake.ingest (new events, 1 run each)', events, options.batch, (chunk) => intake.ingest(chunk)));
  progress('ingest again: every event a duplicate');
  figures.push(await timeBatches('intake.ingest (all duplicates)', events, options.batch, (chunk) => intake.ingest(chunk)));

  progress(`execute: ${options.events} runs x 3 steps (batch step of 200)`);
  const worker = createWorker({ store, clock, flows, batchSize: 500, concurrency: 8, pollIntervalMs: 5 });
  const started = performance.now();
  const summary = await worker.runUntilIdle();
  const seconds = (performance.now() - started) / 1000;
  figures.push({ name: 'runtime.execute (claim + 3 checkpointed steps)', unit: 'runs/s', throughput: round(summary.completed / seconds), count: summary.completed, seconds: round(seconds) });

  progress('money: add + multiply (half-even) on decimal strings');
  const ops = 200_000;
  const moneyStart = performance.now();
  let total = money('0', 'USD');
  for (let i = 0; i < ops; i += 1) total = add(total, multiply(money('185.00', 'USD'), '7.5'));
  const moneySeconds = (performance.now() - moneyStart) / 1000;
  figures.push({ name: 'money.add+multiply', unit: 'ops/s', throughput: round(ops / moneySeconds), count: ops, seconds: round(moneySeconds), notes: `total ${total.amount} ${total.currency}` });

  return {
    engine: store.engine,
    startedAt: new Date().toISOString(),
    machine: describeMachine(),
    figures,
    peakRssMiB: memory.stop(),
  };
}

async function timeBatches(name: string, events: unknown[], batch: number, fn: (chunk: unknown[]) => Promise<unknown>): Promise<BenchFigure> {
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < events.length; i += batch) {
    const t0 = performance.now();
    await fn(events.slice(i, i + batch));
    latencies.push(performance.now() - t0);
  }
  const seconds = (performance.now() - started) / 1000;
  return { name, unit: 'events/s', throughput: round(events.length / seconds), count: events.length, seconds: round(seconds), latencyMs: percentiles(latencies), notes: `latency per batch of ${batch}` };
}
