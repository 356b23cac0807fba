import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator } from 'kysely';
import type { Kysely, Migration, MigrationProvider } from 'kysely';

/** Outcome of bringing the schema up to date. */
export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

const migrationFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * The migrations folder is the registry: every `NNNN_name.ts` (or `.js` once compiled) in it, by
 * name. Imported from our own module (not Kysely's) so the TypeScript loader in use applies.
 */
const folderProvider: MigrationProvider = {
  async getMigrations() {
    const files = (await fs.readdir(migrationFolder)).filter((f) => /^\d{4}_[\w-]+\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'));
    const migrations: Record<string, Migration> = {};
    for (const file of files.sort()) {
      const mod = (await import(pathToFileURL(path.join(migrationFolder, file)).href)) as Migration;
      migrations[file.replace(/\.(ts|js)$/, '')] = mod;
    }
    return migrations;
  },
};

/**
 * Applies every pending migration in `migrations/` in name order (the folder is the registry).
 * Idempotent: a second run applies nothing and says how many were already there.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationReport> {
  const migrator = new Migrator({
    db,
    provider: folderProvider,
    migrationTableName: 'tl_migration',
    migrationLockTableName: 'tl_migration_lock',
  });
  const before = (await migrator.getMigrations()).filter((m) => m.executedAt !== undefined).length;
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const name = failed ? ` (${failed.migrationName})` : '';
    throw new Error(`Migration failed${name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName), alreadyApplied: before };
}

/**
 * Applies pending migrations up to and including `name` (tests of a migration's data carry-over
 * build the schema as it was before it, write old-shape rows, then migrate to the latest).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
export async function migrateThrough(db: Kysely<any>, name: string): Promise<void> {
  const migrator = new Migrator({ db, provider: folderProvider, migrationTableName: 'tl_migration', migrationLockTableName: 'tl_migration_lock' });
  const { error, results } = await migrator.migrateTo(name);
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new Error(`Migration failed${failed ? ` (${failed.migrationName})` : ''}: ${String(error)}`, { cause: error });
}

/** Names of migrations in `migrations/` not yet applied to `db` (empty when the schema is current). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: folderProvider, migrationTableName: 'tl_migration', migrationLockTableName: 'tl_migration_lock' });
  return (await migrator.getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name);
}
