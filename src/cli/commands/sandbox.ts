import type { Command } from 'commander';
import { printLine } from '../command-context.js';
import { CliError } from '../cli-error.js';
import type { SimulationSummary } from '../../sandboxes/firm/run-simulation.js';
import { integerFlag as integer, simulationProgress, simulationSpecOf } from './simulate.js';

interface SandboxCommandOptions {
  only?: string;
  seed: string;
  json?: boolean;
  portBase?: string;
  host: string;
  adminKey?: string;
  simulate?: boolean;
  days: string;
  consultants: string;
  startDate: string;
  groundTruth?: string;
}

/** Resolves when the process is asked to stop (SIGINT / SIGTERM). */
function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** `throughline sandbox`: run the vendor sandbox estate locally until interrupted. */
export function registerSandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .description('run local Salesforce (with Certinia PSA), NetSuite, Workday and Anaplan sandboxes until SIGINT/SIGTERM')
    .option('--only <names>', 'comma-separated subset: salesforce,netsuite,workday,anaplan')
    .option('--seed <n>', 'seed for generated ids and fault dice', '1')
    .option('--port-base <n>', 'listen on consecutive ports from n (salesforce, netsuite, workday, anaplan order); default free ports')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--admin-key <key>', 'require header x-sandbox-admin-key on the admin APIs')
    .option('--json', 'print one JSON line with base URLs and credentials')
    .option('--simulate', 'first run the firm simulator through the sandboxes (deterministic from --seed)')
    .option('--days <n>', 'simulated days (with --simulate)', '90')
    .option('--consultants <n>', 'consultants of the simulated firm (with --simulate)', '12')
    .option('--start-date <date>', 'first simulated day, YYYY-MM-DD (with --simulate)', '2026-01-05')
    .option('--ground-truth <file>', 'write the simulation\'s ground truth JSON here (with --simulate)')
    .action(async (options: SandboxCommandOptions) => {
      // Loaded on use so other commands do not pay for starting fastify apps.
      const { parseSandboxNames, sandboxNames, startEstate } = await import('../../sandboxes/estate.js');
      let only;
      try {
        only = options.only === undefined ? undefined : parseSandboxNames(options.only);
      } catch (error) {
        throw new CliError(`--only: ${(error as Error).message}`, 2);
      }
      const seed = integer(options.seed, '--seed', 0, 2 ** 32 - 1);
      const portBase = options.portBase === undefined ? undefined : integer(options.portBase, '--port-base', 1, 65_535 - sandboxNames.length);
      const ports = portBase === undefined ? undefined : Object.fromEntries(sandboxNames.map((name, index) => [name, portBase + index]));
      const stopSignal = untilStopSignal();
      const simulation = options.simulate ? simulationSpecOf(options) : undefined;
      // The same code path as `throughline simulate` (src/sandboxes/firm/run-simulation.ts).
      const { runFirmSimulation, simulationClock } = await import('../../sandboxes/firm/run-simulation.js');
      const estate = await startEstate({
        seed, host: options.host,
        // A simulation runs on a clock that only moves when the simulator says so, so its records repeat exactly.
        ...(simulation ? { clock: simulationClock(simulation.startDate) } : {}),
        ...(only ? { only } : {}),
        ...(ports ? { ports } : {}),
        ...(options.adminKey !== undefined ? { adminKey: options.adminKey } : {}),
      });
      let simulated: SimulationSummary | undefined;
      if (simulation) {
        try {
          const { summary } = await runFirmSimulation({
            estate, spec: simulation, adminKey: options.adminKey, groundTruthFile: options.groundTruth,
            ...(options.json ? {} : { onDay: simulationProgress(simulation.days) }),
          });
          simulated = summary;
        } catch (error) {
          await estate.stop();
          throw new CliError(`firm simulation failed: ${(error as Error).message}`, 1, { cause: error });
        }
      }
      const summary = Object.fromEntries(
        Object.entries(estate.sandboxes).map(([name, sandbox]) => [name, { baseUrl: sandbox.baseUrl, adminUrl: sandbox.adminUrl, credentials: sandbox.credentials }]),
      );
      if (options.json) {
        // One line, so a script can read the first line of stdout and parse it.
        process.stdout.write(`${JSON.stringify({ sandboxes: summary, clock: estate.clock.now().toISOString(), ...(simulated ? { simulation: simulated } : {}) })}\n`);
      } else {
        for (const [name, sandbox] of Object.entries(summary)) {
          printLine(`${name}`);
          printLine(`  base URL   ${sandbox.baseUrl}`);
          printLine(`  admin API  ${sandbox.adminUrl}`);
          for (const [key, value] of Object.entries(sandbox.credentials)) {
            printLine(`  ${key.padEnd(10)} ${value.includes('\n') ? `\n${value.trimEnd().replace(/^/gm, '    ')}` : value}`);
          }
        }
        if (simulated) printLine(`Simulated ${simulation!.days} days: ${JSON.stringify(simulated)}`);
        printLine('Sandboxes running. Press Ctrl+C to stop.');
      }
      const signal = await stopSignal;
      await estate.stop();
      process.stderr.write(`sandboxes stopped (${signal})\n`);
    });
}
