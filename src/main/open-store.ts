import type { ThroughlineConfig } from '../config/index.js';
import { databaseConfigFromEnv, openDatabase, type DatabaseConfig, type ThroughlineDatabase } from '../persistence/database.js';
import { migrateToLatest, type MigrationReport } from '../persistence/migrator.js';

/**
 * Which store the configuration selects: `DATABASE_URL` (environment) => PostgreSQL with the
 * config's pool size; otherwise PGlite in `THROUGHLINE_DATA_DIR`, the config's `database.dataDir`,
 * or `.throughline/data` under the working directory, in that order.
 */
export function databaseConfigFor(config: ThroughlineConfig, env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const dataDir = env.THROUGHLINE_DATA_DIR?.trim() || config.database.dataDir;
  return databaseConfigFromEnv(env, { dataDir, poolSize: config.database.poolSize });
}

/** An open store, and what bringing its schema up to date did (when asked to). */
export interface OpenedStore {
  store: ThroughlineDatabase;
  migration: MigrationReport | undefined;
}

/** Opens the configured store and, unless `migrate: false`, applies pending migrations first. */
export async function openStore(
  config: ThroughlineConfig,
  options: { env?: NodeJS.ProcessEnv; migrate?: boolean; applicationName?: string } = {},
): Promise<OpenedStore> {
  const databaseConfig = databaseConfigFor(config, options.env ?? process.env);
  const store = await openDatabase(
    databaseConfig.engine === 'postgres' && options.applicationName ? { ...databaseConfig, applicationName: options.applicationName } : databaseConfig,
  );
  if (options.migrate === false) return { store, migration: undefined };
  try {
    return { store, migration: await migrateToLatest(store.db) };
  } catch (error) {
    await store.close();
    throw error;
  }
}
