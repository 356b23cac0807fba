/**
 * One simulation run as the CLI does it (`throughline simulate`, `throughline sandbox --simulate`):
 * the simulator against an estate's printed endpoints, the ground truth written as JSON, and a summary.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Decimal } from 'decimal.js';
import { createSandboxClock, type SandboxClock } from '../kit/clock.js';
import { firmEndpointsOf, type PrintedSandbox } from './estate-endpoints.js';
import { createFirmSimulator } from './firm-simulator.js';
import type { GroundTruth } from './ground-truth.js';

/** The size and start of a simulation. */
export interface SimulationSpec {
  seed: number;
  days: number;
  consultants: number;
  startDate: string;
}

/** A short account of a run, for people and scripts. */
export interface SimulationSummary {
  seed: number;
  startDate: string;
  endDate: string;
  days: number;
  consultants: number;
  deals: number;
  dealsByBillingModel: Record<string, number>;
  projects: number;
  amendments: number;
  approvedLines: number;
  approvedHours: string;
  billableTimeByCurrency: Record<string, string>;
  expectedInvoices: number;
  expectedInvoicedByCurrency: Record<string, string>;
  payments: number;
  dirt: GroundTruth['dirt'];
  elapsedMs: number;
  groundTruthFile?: string;
}

/**
 * The clock of an estate started for a simulation: manual, at 08:00 UTC of the first day, so it only
 * moves when the simulator says so and the records repeat exactly from the seed.
 */
export function simulationClock(startDate: string): SandboxClock {
  return createSandboxClock(`${startDate}T08:00:00.000Z`, 'manual');
}

/** The default ground-truth file of a seed: `.throughline/ground-truth-<seed>.json` under the working directory. */
export function defaultGroundTruthFile(seed: number): string {
  return path.join('.throughline', `ground-truth-${seed}.json`);
}

function totalsByCurrency(items: ReadonlyArray<{ currency: string; amount: string }>): Record<string, string> {
  const totals = new Map<string, Decimal>();
  for (const item of items) totals.set(item.currency, (totals.get(item.currency) ?? new Decimal(0)).plus(item.amount));
  return Object.fromEntries([...totals.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, total]) => [currency, total.toFixed(2)]));
}

/** Summarises a ground truth. */
export function summarizeGroundTruth(truth: GroundTruth, spec: SimulationSpec, elapsedMs: number): SimulationSummary {
  const invoices = truth.projects.flatMap((project) => project.expectedInvoices);
  const dealsByBillingModel: Record<string, number> = {};
  for (const deal of truth.deals) dealsByBillingModel[deal.billingModel] = (dealsByBillingModel[deal.billingModel] ?? 0) + 1;
  return {
    seed: truth.seed, startDate: truth.startDate, endDate: truth.endDate, days: spec.days, consultants: spec.consultants,
    deals: truth.deals.length, dealsByBillingModel, projects: truth.projects.length, amendments: truth.amendments.length,
    approvedLines: truth.approvedLines.length,
    approvedHours: truth.approvedLines.reduce((total, line) => total.plus(line.hours), new Decimal(0)).toFixed(2),
    billableTimeByCurrency: totalsByCurrency(truth.approvedLines.filter((line) => line.billable)),
    expectedInvoices: invoices.length,
    expectedInvoicedByCurrency: totalsByCurrency(invoices),
    payments: truth.payments.length,
    dirt: truth.dirt,
    elapsedMs: Math.round(elapsedMs),
  };
}

/**
 * Runs the firm simulator against a running estate (or the JSON `throughline sandbox --json` printed for
 * one), writes the ground truth to `groundTruthFile` when given (creating its folder) and summarises it.
 * Byte-identical ground truth from the same seed needs a fresh estate on a manual clock.
 */
export async function runFirmSimulation(input: {
  estate: { sandboxes: Partial<Record<string, PrintedSandbox>> };
  spec: SimulationSpec;
  adminKey?: string | undefined;
  groundTruthFile?: string | undefined;
  onDay?: (date: string, index: number) => void;
  now?: () => number;
}): Promise<{ truth: GroundTruth; summary: SimulationSummary }> {
  const now = input.now ?? (() => performance.now());
  const started = now();
  const simulator = createFirmSimulator(
    { ...firmEndpointsOf(input.estate), ...input.spec, ...(input.adminKey !== undefined ? { adminKey: input.adminKey } : {}) },
    input.onDay ? { onDay: input.onDay } : {},
  );
  const truth = await simulator.run();
  const summary = summarizeGroundTruth(truth, input.spec, now() - started);
  if (input.groundTruthFile) {
    await mkdir(path.dirname(path.resolve(input.groundTruthFile)), { recursive: true });
    await writeFile(input.groundTruthFile, `${JSON.stringify(truth, null, 2)}\n`);
    summary.groundTruthFile = input.groundTruthFile;
  }
  return { truth, summary };
}
