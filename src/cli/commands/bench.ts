import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { printJson, printLine } from '../command-context.js';

/** `throughline bench`: measure intake, runtime and money throughput; print figures and write JSON. */
export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description('measure intake, flow execution and money throughput on the embedded store (or DATABASE_URL) and write JSON')
    .option('--events <n>', 'events to ingest and runs to execute', '10000')
    .option('--batch <n>', 'events per ingest call', '500')
    .option('--out <file>', 'where to write the JSON results', path.join('bench-results', 'latest.json'))
    .option('--json', 'print the results as JSON')
    .action(async (options: { events: string; batch: string; out: string; json?: boolean }) => {
      const events = positiveInt(options.events, '--events');
      const batch = positiveInt(options.batch, '--batch');
      const { openBenchStore } = await import('../../main/bench/open-bench-store.js');
      const { runBench } = await import('../../main/bench/run-bench.js');
      const bench = await openBenchStore(process.env);
      try {
        const report = await runBench(bench.store, { events, batch, progress: (line) => process.stderr.write(`bench: ${line}\n`) });
        mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
        writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
        if (options.json) {
          printJson(report);
          return;
        }
        printLine(`engine ${report.engine} · ${report.machine.cpus} cpus (${report.machine.cpuModel}) · node ${report.machine.node}`);
        for (const figure of report.figures) {
          const latency = figure.latencyMs ? `  p50 ${figure.latencyMs.p50} ms  p99 ${figure.latencyMs.p99} ms` : '';
          printLine(`${figure.name.padEnd(50)} ${String(figure.throughput).padStart(12)} ${figure.unit}${latency}`);
        }
        printLine(`peak RSS ${report.peakRssMiB} MiB · written to ${options.out}`);
      } finally {
        await bench.close();
      }
    });
}

function positiveInt(value: string, flag: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw Object.assign(new Error(`${flag} must be a positive integer, got "${value}"`), { exitCode: 2 });
  return parsed;
}
