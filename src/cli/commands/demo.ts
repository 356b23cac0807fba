import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { printJson, printLine } from '../command-context.js';
import type { DemoSummary } from '../../main/demo.js';

interface DemoCommandOptions {
  days: string;
  seed: string;
  consultants: string;
  json?: boolean;
  faults?: boolean;
  dataDir?: string;
  logLevel: string;
}

function integer(value: string, flag: string, min: number, max: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) throw new CliError(`${flag} must be an integer from ${min} to ${max}, got "${value}"`, 2);
  return parsed;
}

/** `throughline demo`: sandboxes + hub + firm simulator in one process; exits 0 only when PSA and NetSuite agree. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run the sandbox estate, the hub and the firm simulator, then compare PSA approved time with NetSuite time bills')
    .option('--days <n>', 'simulated days', '20')
    .option('--seed <n>', 'seed of the firm simulator and the sandboxes', '1')
    .option('--consultants <n>', 'consultants in the simulated firm', '10')
    .option('--faults', 'inject 5xx, 429 storms and timeout-after-commit on NetSuite, duplicate and out-of-order webhooks from Salesforce')
    .option('--data-dir <dir>', 'PGlite data directory of the hub (default: a fresh temporary one, removed afterwards)')
    .option('--log-level <level>', 'hub log level on stderr', 'silent')
    .option('--json', 'print the summary as JSON')
    .action(async (options: DemoCommandOptions) => {
      const days = integer(options.days, '--days', 1, 366);
      const seed = integer(options.seed, '--seed', 0, 2 ** 31 - 1);
      const consultants = integer(options.consultants, '--consultants', 2, 500);
      const { createLogger } = await import('../../observability/logger.js');
      const { runDemo } = await import('../../main/demo.js');
      const logger = createLogger({ level: options.logLevel, base: { service: 'demo' }, destination: process.stderr });
      const summary = await runDemo({ days, seed, consultants, faults: options.faults === true, dataDir: options.dataDir, logger });
      if (options.json) printJson(summary);
      else printSummary(summary);
      if (summary.psa.approvedLines === 0) throw new CliError('nothing to compare: the simulated period approved no time (run more --days)', 1);
      if (!summary.agree) throw new CliError(`PSA and NetSuite disagree on ${summary.mismatches.count} line(s), ${summary.duplicates} duplicate(s)`, 1);
    });
}

function printSummary(s: DemoSummary): void {
  const money = (m: Record<string, string>) => Object.entries(m).map(([c, a]) => `${a} ${c}`).join(', ') || '0';
  printLine(`Throughline demo — seed ${s.seed}, ${s.days} days, ${s.consultants} consultants${s.faults ? ', with faults' : ''}`);
  printLine(`  PSA approved      ${s.psa.approvedLines} lines, ${s.psa.approvedHours} h, billable ${money(s.psa.billableAmount)}`);
  printLine(`  to post           ${s.expectedPosted.approvedLines} lines, ${s.expectedPosted.approvedHours} h, billable ${money(s.expectedPosted.billableAmount)}`);
  printLine(`  NetSuite posted   ${s.erp.timeBills} time bills, ${s.erp.hours} h, billable ${money(s.erp.billableAmount)} (${s.erp.batchUpsertCalls} batch upserts)`);
  printLine(`  duplicates        ${s.duplicates}`);
  const counts = (m: Record<string, number>) => Object.entries(m).map(([c, n]) => `${n} ${c}`).join(', ') || 'none';
  printLine(`  exceptions        ${s.exceptions.count} open (${counts(s.exceptions.byCategory)}); ground truth predicts ${s.expectedExceptions.count} (${counts(s.expectedExceptions.byCategory)})`);
  for (const r of s.exceptions.topReasons) printLine(`    ${r.count} x ${r.category}: ${r.example}`);
  for (const [connection, c] of Object.entries(s.calls)) printLine(`  calls ${connection.padEnd(11)} ${c.requests} requests, ${c.tokenRequests} token requests`);
  printLine(`  calls per posted time bill  ${s.callsPerPostedTimeBill ?? 'n/a'}`);
  for (const m of s.mismatches.first) printLine(`  MISMATCH ${m.timeEntryId}: ${m.reason}`);
  printLine(s.agree ? `PSA and NetSuite agree (${s.elapsedSeconds}s).` : `PSA and NetSuite DISAGREE (${s.elapsedSeconds}s).`);
}
