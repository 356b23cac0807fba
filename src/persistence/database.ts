import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { Database } from './schema.js';

/** Where the store lives: embedded PGlite (default) or a PostgreSQL server. */
export type DatabaseConfig =
  | { engine: 'pglite'; dataDir?: string | undefined; inMemory?: boolean | undefined }
  | { engine: 'postgres'; url: string; poolSize?: number | undefined; applicationName?: string | undefined };

/** The one typed query interface every layer uses, whichever engine is underneath. */
export interface ThroughlineDatabase {
  readonly db: Kysely<Database>;
  readonly engine: 'pglite' | 'postgres';
  /** Human-readable location (data directory or URL without password). */
  readonly location: string;
  close(): Promise<void>;
}

/** Default data directory of the embedded store, relative to the working directory. */
export const DEFAULT_DATA_DIR = path.join('.throughline', 'data');

const INT8_OID = 20;

/**
 * Picks the engine the way the product documents it: DATABASE_URL selects PostgreSQL, otherwise
 * the embedded PGlite store in `dataDir` (default `.throughline/data`).
 */
export function databaseConfigFromEnv(
  env: NodeJS.ProcessEnv,
  options: { dataDir?: string | undefined; poolSize?: number | undefined } = {},
): DatabaseConfig {
  const url = env.DATABASE_URL;
  if (url && url.trim() !== '') {
    const poolSize = options.poolSize ?? (env.DATABASE_POOL_SIZE ? Number(env.DATABASE_POOL_SIZE) : undefined);
    return { engine: 'postgres', url, poolSize };
  }
  return { engine: 'pglite', dataDir: options.dataDir ?? env.THROUGHLINE_DATA_DIR ?? DEFAULT_DATA_DIR };
}

/**
 * Opens the store. PGlite is a single connection: the dialect serializes every statement and
 * transaction through it, so code must never wait on `db` while holding a transaction `trx`.
 */
export async function openDatabase(config: DatabaseConfig): Promise<ThroughlineDatabase> {
  if (config.engine === 'postgres') {
    const pool = new pg.Pool({
      connectionString: config.url,
      max: config.poolSize ?? 10,
      application_name: config.applicationName ?? 'throughline',
      types: {
        getTypeParser: (oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format),
      },
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', location: redactUrl(config.url), close: () => db.destroy() };
  }
  let client: PGlite;
  let location: string;
  if (config.inMemory) {
    client = new PGlite({ parsers: { [INT8_OID]: (value: string) => Number(value) } });
    location = 'memory';
  } else {
    const dataDir = path.resolve(config.dataDir ?? DEFAULT_DATA_DIR);
    mkdirSync(dataDir, { recursive: true });
    client = new PGlite(dataDir, { parsers: { [INT8_OID]: (value: string) => Number(value) } });
    location = dataDir;
  }
  await client.waitReady;
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return { db, engine: 'pglite', location, close: () => db.destroy() };
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres';
  }
}
