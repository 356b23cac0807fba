import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { printJson, printLine } from '../command-context.js';
import { CliError } from '../cli-error.js';
import type { SimulationSpec, SimulationSummary } from '../../sandboxes/firm/run-simulation.js';

interface SimulateCommandOptions {
  seed: string;
  days: string;
  consultants: string;
  startDate: string;
  groundTruth?: string;
  json?: boolean;
  estateJson?: string;
  adminKey?: string;
  quiet?: boolean;
}

/** Parses an integer flag within bounds, or fails as a usage error (exit 2). */
export function integerFlag(value: string, flag: string, min: number, max: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) throw new CliError(`${flag} must be an integer from ${min} to ${max}, got "${value}"`, 2);
  return parsed;
}

/** The simulation flags shared by `simulate` and `sandbox --simulate`, validated. */
export function simulationSpecOf(options: { seed: string; days: string; consultants: string; startDate: string }): SimulationSpec {
  const spec = {
    seed: integerFlag(options.seed, '--seed', 0, 2 ** 32 - 1),
    days: integerFlag(options.days, '--days', 1, 3660),
    consultants: integerFlag(options.consultants, '--consultants', 2, 2000),
    startDate: options.startDate,
  };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(spec.startDate) || Number.isNaN(Date.parse(`${spec.startDate}T00:00:00Z`))) {
    throw new CliError(`--start-date must be a YYYY-MM-DD date, got "${spec.startDate}"`, 2);
  }
  return spec;
}

/**
 * Progress of the simulated days on stderr: one line rewritten in place on a terminal, otherwise a
 * line every tenth of the period (so logs stay short).
 */
export function simulationProgress(days: number, stream: NodeJS.WriteStream = process.stderr): (date: string, index: number) => void {
  const every = Math.max(1, Math.round(days / 10));
  return (date, index) => {
    const done = index + 1;
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round((done / days) * width);
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] day ${done}/${days} ${date}${done === days ? '\n' : ''}`);
    } else if (done % every === 0 || done === days) {
      stream.write(`simulated ${done}/${days} days (${date})\n`);
    }
  };
}

const printedEstateSchema = z.object({
  sandboxes: z.record(z.string(), z.object({ baseUrl: z.url(), adminUrl: z.url(), credentials: z.record(z.string(), z.string()) })),
});

/** Reads the JSON `throughline sandbox --json` printed (the whole file, or its first line). */
async function readPrintedEstate(file: string): Promise<z.infer<typeof printedEstateSchema>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`--estate-json: cannot read ${file}: ${(error as Error).message}`, 2);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    try {
      parsed = JSON.parse(text.split('\n').find((line) => line.trim() !== '') ?? '');
    } catch {
      throw new CliError(`--estate-json: ${file} holds no JSON (expected what "throughline sandbox --json" prints)`, 2);
    }
  }
  const result = printedEstateSchema.safeParse(parsed);
  if (!result.success) throw new CliError(`--estate-json: ${file} is not an estate description: ${z.prettifyError(result.error)}`, 2);
  return result.data;
}

function printSummary(summary: SimulationSummary): void {
  const money = (totals: Record<string, string>) => Object.entries(totals).map(([currency, amount]) => `${amount} ${currency}`).join(', ') || '-';
  printLine(`Simulated ${summary.days} days (${summary.startDate} .. ${summary.endDate}), seed ${summary.seed}, ${summary.consultants} consultants, in ${(summary.elapsedMs / 1000).toFixed(1)} s`);
  printLine(`  deals              ${summary.deals} (${Object.entries(summary.dealsByBillingModel).map(([model, count]) => `${model} ${count}`).join(', ')})`);
  printLine(`  projects           ${summary.projects}, amendments ${summary.amendments}`);
  printLine(`  approved time      ${summary.approvedLines} lines, ${summary.approvedHours} h; billable ${money(summary.billableTimeByCurrency)}`);
  printLine(`  expected invoices  ${summary.expectedInvoices}: ${money(summary.expectedInvoicedByCurrency)}`);
  printLine(`  payments           ${summary.payments}`);
  printLine(`  dirt               ${Object.entries(summary.dirt).map(([kind, count]) => `${kind} ${count}`).join(', ')}`);
  if (summary.groundTruthFile) printLine(`  ground truth       ${summary.groundTruthFile}`);
}

/** `throughline simulate`: run the deterministic firm simulator through a sandbox estate and write its ground truth. */
export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('simulate a professional services firm working through the sandbox estate and write the ground truth JSON')
    .option('--seed <n>', 'seed: the same seed on a fresh estate gives the same records and ground truth', '42')
    .option('--days <n>', 'simulated days', '90')
    .option('--consultants <n>', 'consultants of the simulated firm', '12')
    .option('--start-date <date>', 'first simulated day, YYYY-MM-DD (a Monday makes the first week whole)', '2026-01-05')
    .option('--ground-truth <file>', 'where to write the ground truth JSON (default .throughline/ground-truth-<seed>.json)')
    .option('--estate-json <file>', 'drive an already running estate: the JSON "throughline sandbox --json" printed (default: start a fresh one)')
    .option('--admin-key <key>', 'x-sandbox-admin-key for the admin APIs of a running estate started with --admin-key')
    .option('--json', 'print the summary as JSON on stdout')
    .option('--quiet', 'no progress on stderr')
    .action(async (options: SimulateCommandOptions) => {
      const spec = simulationSpecOf(options);
      // Loaded on use so other commands do not pay for the sandboxes.
      const { defaultGroundTruthFile, runFirmSimulation, simulationClock } = await import('../../sandboxes/firm/run-simulation.js');
      const groundTruthFile = options.groundTruth ?? defaultGroundTruthFile(spec.seed);
      const onDay = options.quiet ? undefined : simulationProgress(spec.days);
      let estate: Parameters<typeof runFirmSimulation>[0]['estate'];
      let stop = async () => {};
      if (options.estateJson !== undefined) {
        estate = await readPrintedEstate(options.estateJson);
      } else {
        const { startEstate } = await import('../../sandboxes/estate.js');
        const started = await startEstate({ only: ['salesforce', 'netsuite', 'workday'], seed: spec.seed, clock: simulationClock(spec.startDate) });
        estate = started;
        stop = () => started.stop();
      }
      let summary: SimulationSummary;
      try {
        ({ summary } = await runFirmSimulation({ estate, spec, adminKey: options.adminKey, groundTruthFile, ...(onDay ? { onDay } : {}) }));
      } catch (error) {
        throw new CliError(`firm simulation failed: ${(error as Error).message}`, 1, { cause: error });
      } finally {
        await stop();
      }
      if (options.json) printJson(summary);
      else printSummary(summary);
    });
}
