import type { Command } from 'commander';
import { loadCommandConfig, printJson, printLine } from '../command-context.js';

/** `throughline migrate`: bring the configured store's schema up to date (idempotent). */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations to the configured store (DATABASE_URL => PostgreSQL, else PGlite)')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      // Migrations never call a vendor, so connection secrets need not be present here.
      const { config } = await loadCommandConfig(command, { checkSecrets: false });
      // Loaded on use so `--help` and other commands do not pay for the database drivers.
      const { openStore } = await import('../../main/open-store.js');
      const { store, migration } = await openStore(config, { applicationName: 'throughline-migrate' });
      await store.close();
      const applied = migration?.applied ?? [];
      const alreadyApplied = migration?.alreadyApplied ?? 0;
      if (options.json) {
        printJson({ engine: store.engine, location: store.location, applied, alreadyApplied, upToDate: applied.length === 0 });
        return;
      }
      const where = `${store.engine === 'pglite' ? 'PGlite' : 'PostgreSQL'} at ${store.location}`;
      if (applied.length === 0) {
        printLine(`Schema is up to date (${alreadyApplied} migrations already applied) — ${where}`);
        return;
      }
      printLine(`Applied ${applied.length} migration${applied.length === 1 ? '' : 's'} to ${where}:`);
      for (const name of applied) printLine(`  ${name}`);
      if (alreadyApplied > 0) printLine(`(${alreadyApplied} were already applied)`);
    });
}
