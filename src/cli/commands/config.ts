import type { Command } from 'commander';
import { findEnvReferences } from '../../config/index.js';
import { renderConfigJsonSchema } from '../../config/json-schema.js';
import { loadCommandConfig, printJson, printLine } from '../command-context.js';

/**
 * `throughline config check|schema`: validate the configuration (loadConfig: the same validateConfig
 * the hub runs at start, so they never disagree), or print its JSON Schema.
 */
export function registerConfigCommand(program: Command): void {
  const config = program.command('config').description('validate the configuration or print its JSON Schema');

  config
    .command('check')
    .description('validate the configuration as serve and worker do before they start (fields, auth type per system, settings, poller schedules, secret variables set)')
    .option('--json', 'print the validated configuration (defaults applied) as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const { config: loaded, file } = await loadCommandConfig(command);
      if (options.json) {
        printJson({ file: file ?? null, config: loaded });
        return;
      }
      const secrets = findEnvReferences(loaded).length;
      printLine(
        `Configuration OK (${file ?? 'no file; defaults'}): ${loaded.connections.length} connection(s), ` +
          `${loaded.schedules.length} schedule(s), ${secrets} secret variable(s) set`,
      );
    });

  config
    .command('schema')
    .description('print the JSON Schema of throughline.yaml (for editor completion)')
    .action(() => {
      process.stdout.write(renderConfigJsonSchema());
    });
}
