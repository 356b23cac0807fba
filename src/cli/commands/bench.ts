import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { printJson, printLine } from '../command-context.js';

const SCENARIOS = ['all', 'core', 'runtime', 'time-to-ledger'] as const;
type Scenario = (typeof SCENARIOS)[number];

interface BenchOptions {
  events: string;
  batch: string;
  runs: string;
  claimBatch: string;
  ingestStreams: string;
  workers: string;
  records: string;
  projects: string;
  resources: string;
  vendorLatencyMs: string;
  rate?: string;
  scenario?: string;
  databaseUrl?: string;
  out?: string;
  json?: boolean;
}

/**
 * `throughline bench [scenario]`: `core` (intake, execute, money on one store), `runtime` (end-to-end
 * runs/s, latency and RSS of a 3-step no-op flow on PGlite and, with a database URL, PostgreSQL with
 * 1 and 2 worker processes), `time-to-ledger` (the hub from `createHub` posting approved time to the
 * in-process NetSuite sandbox, PSA reads from the Salesforce sandbox) or `all` (default: every one).
 * The scenario is the argument or `--scenario`. Prints figures and writes JSON under bench-results/.
 */
export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .argument('[scenario]', `one of ${SCENARIOS.join(', ')}`, 'all')
    .description('measure intake, flow execution and money throughput (PGlite; PostgreSQL with DATABASE_URL or --database-url) and write JSON')
    .option('--events <n>', 'core: events to ingest and runs to execute', '10000')
    .option('--batch <n>', 'events per ingest call', '500')
    .option('--runs <n>', 'runtime: runs per measurement', '10000')
    .option('--ingest-streams <n>', 'runtime: ingest calls in flight at once', '2')
    .option('--claim-batch <n>', 'runtime: runs claimed per claim statement', '1000')
    .option('--workers <list>', 'runtime: worker process counts on PostgreSQL', '1,2')
    .option('--records <n>', 'time-to-ledger: approved time entries to post', '2000')
    .option('--projects <n>', 'time-to-ledger: PSA projects the entries spread over', '50')
    .option('--resources <n>', 'time-to-ledger: PSA resources (workers) the entries spread over', '40')
    .option('--vendor-latency-ms <n>', 'time-to-ledger: fixed latency the sandboxes add to every request', '5')
    .option('--rate <n>', 'time-to-ledger: offer the events at n/s to a running worker (latency) instead of ingest-then-drain (throughput)')
    .option('--scenario <name>', `the scenario (instead of the argument): one of ${SCENARIOS.join(', ')}`)
    .option('--database-url <url>', 'PostgreSQL server for a temporary benchmark database (default DATABASE_URL)')
    .option('--out <file>', 'where to write the JSON results (default bench-results/<scenario>-<time>.json)')
    .option('--json', 'print the results as JSON')
    .action(async (argument: string, options: BenchOptions) => {
      const scenarioArg = options.scenario ?? argument;
      if (!(SCENARIOS as readonly string[]).includes(scenarioArg)) {
        throw Object.assign(new Error(`unknown scenario "${scenarioArg}"; use one of ${SCENARIOS.join(', ')}`), { exitCode: 2 });
      }
      const scenario = scenarioArg as Scenario;
      const batch = positiveInt(options.batch, '--batch');
      const databaseUrl = options.databaseUrl ?? (process.env.DATABASE_URL?.trim() || undefined);
      const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);
      const results: Record<string, unknown> = { scenario, startedAt: new Date().toISOString() };
      const lines: string[] = [];

      if (scenario === 'all' || scenario === 'core') {
        const { openBenchStore } = await import('../../main/bench/open-bench-store.js');
        const { runBench } = await import('../../main/bench/run-bench.js');
        const bench = await openBenchStore(databaseUrl);
        try {
          const report = await runBench(bench.store, { events: positiveInt(options.events, '--events'), batch, progress });
          results.core = report;
          results.machine = report.machine;
          lines.push(`core · engine ${report.engine}`);
          for (const figure of report.figures) {
            const latency = figure.latencyMs ? `  p50 ${figure.latencyMs.p50} ms  p99 ${figure.latencyMs.p99} ms` : '';
            lines.push(`  ${figure.name.padEnd(50)} ${String(figure.throughput).padStart(12)} ${figure.unit}${latency}`);
          }
          lines.push(`  peak RSS ${report.peakRssMiB} MiB`);
        } finally {
          await bench.close();
        }
      }

      if (scenario === 'all' || scenario === 'runtime') {
        const { runRuntimeScenario } = await import('../../main/bench/runtime-scenario.js');
        const { describeMachine } = await import('../../main/bench/machine.js');
        results.machine = describeMachine();
        const common = { runs: positiveInt(options.runs, '--runs'), ingestBatch: batch, ingestStreams: positiveInt(options.ingestStreams, '--ingest-streams'), claimBatch: positiveInt(options.claimBatch, '--claim-batch'), progress };
        const runtime = [await runRuntimeScenario({ ...common, workerProcesses: 1 })];
        if (databaseUrl) {
          for (const workers of options.workers.split(',').map((w) => positiveInt(w.trim(), '--workers'))) {
            runtime.push(await runRuntimeScenario({ ...common, databaseUrl, workerProcesses: workers }));
          }
        } else {
          progress('PostgreSQL skipped: give DATABASE_URL or --database-url');
        }
        results.runtime = runtime;
        lines.push('runtime · 3-step no-op flow, ingest -> run completed');
        for (const r of runtime) {
          lines.push(
            `  ${`${r.engine} x${r.workerProcesses} worker${r.workerProcesses > 1 ? 's' : ''}`.padEnd(22)} ${String(r.runsPerSecond).padStart(9)} runs/s` +
              `  p50 ${r.latencyMs.p50} ms  p99 ${r.latencyMs.p99} ms  ingest ${r.ingestEventsPerSecond} events/s  peak RSS ${r.peakRssMiB.main} MiB` +
              (r.peakRssMiB.workers.length ? ` (+ workers ${r.peakRssMiB.workers.join(', ')} MiB)` : '') +
              `  cpu ${r.cpuSeconds.main} s` + (r.cpuSeconds.workers.length ? ` (+ workers ${r.cpuSeconds.workers.join(', ')} s)` : ''),
          );
        }
      }

      if (scenario === 'all' || scenario === 'time-to-ledger') {
        const { runTimeToLedgerScenario } = await import('../../main/bench/time-to-ledger-scenario.js');
        const { describeMachine } = await import('../../main/bench/machine.js');
        results.machine = describeMachine();
        const common = {
          records: positiveInt(options.records, '--records'), projects: positiveInt(options.projects, '--projects'),
          workers: positiveInt(options.resources, '--resources'), ingestBatch: batch,
          vendorLatencyMs: nonNegativeInt(options.vendorLatencyMs, '--vendor-latency-ms'),
          rate: options.rate === undefined ? undefined : positiveInt(options.rate, '--rate'), progress,
        };
        const timeToLedger = [await runTimeToLedgerScenario(common)];
        if (databaseUrl) timeToLedger.push(await runTimeToLedgerScenario({ ...common, databaseUrl }));
        else progress('time-to-ledger on PostgreSQL skipped: give DATABASE_URL or --database-url');
        results.timeToLedger = timeToLedger;
        const mode = common.rate === undefined ? 'ingest then drain' : `offered at ${common.rate}/s to a running worker`;
        lines.push(`time-to-ledger · hub -> Salesforce + NetSuite sandboxes (${common.vendorLatencyMs} ms per request), ${common.records} records ${mode}`);
        for (const r of timeToLedger) {
          lines.push(
            `  ${r.engine.padEnd(10)} ${String(r.recordsPerSecond).padStart(9)} records/s  latency p50 ${r.latencyMs.p50} ms  p95 ${r.latencyMs.p95} ms  p99 ${r.latencyMs.p99} ms` +
              `  vendor calls/record ${r.vendorCalls.perRecord} (${r.vendorCalls.timeBillBatches} time bill batches)` +
              `  peak RSS ${r.peakRssMiB} MiB heap ${r.peakHeapMiB} MiB  cpu ${r.cpuSeconds} s`,
          );
        }
      }

      const out = options.out ?? path.join('bench-results', `${scenario}-${String(results.startedAt).replace(/[:.]/g, '-')}.json`);
      mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
      writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
      if (options.json) {
        printJson(results);
        return;
      }
      for (const line of lines) printLine(line);
      printLine(`written to ${out}`);
    });
}

function nonNegativeInt(value: string, flag: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw Object.assign(new Error(`${flag} must be a non-negative integer, got "${value}"`), { exitCode: 2 });
  return parsed;
}

function positiveInt(value: string, flag: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw Object.assign(new Error(`${flag} must be a positive integer, got "${value}"`), { exitCode: 2 });
  return parsed;
}
