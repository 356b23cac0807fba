import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
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
  /**
   * Calls `onNotify` for every NOTIFY on `channel` (sent by any connection, delivered when the sending
   * transaction commits) until the returned function is called. PostgreSQL: one dedicated connection
   * outside the pool per listener; PGlite: the embedded client's own listener. A listener that loses
   * its connection goes quiet (log it and keep polling): notifications are a latency hint, never the
   * only way work is found.
   */
  listen(channel: string, onNotify: (payload: string) => void, options?: { onError?: (error: Error) => void }): Promise<() => Promise<void>>;
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
 * A PGlite data directory is locked by one process (`throughline.lock` in it, released by `close`):
 * opening one that another live process holds, or that this process has open, throws
 * DataDirInUseError naming the holder; a lock left by a dead process is taken over (ADR 0016).
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
    const listeners = new Set<pg.Client>();
    const listen: ThroughlineDatabase['listen'] = async (channel, onNotify, options = {}) => {
      const client = new pg.Client({ connectionString: config.url, application_name: `${config.applicationName ?? 'throughline'}-listen` });
      client.on('notification', (message) => {
        if (message.channel === channel) onNotify(message.payload ?? '');
      });
      client.on('error', (error) => options.onError?.(error));
      await client.connect();
      listeners.add(client);
      await client.query(`listen ${client.escapeIdentifier(channel)}`);
      return async () => {
        if (!listeners.delete(client)) return;
        await client.end().catch(() => undefined);
      };
    };
    const close = async () => {
      await Promise.all([...listeners].map((client) => client.end().catch(() => undefined)));
      listeners.clear();
      await db.destroy();
    };
    return { db, engine: 'postgres', location: redactUrl(config.url), listen, close };
  }
  let client: PGlite;
  let location: string;
  let lock: DataDirLock | undefined;
  if (config.inMemory) {
    client = new PGlite({ parsers: { [INT8_OID]: (value: string) => Number(value) } });
    location = 'memory';
  } else {
    const dataDir = path.resolve(config.dataDir ?? DEFAULT_DATA_DIR);
    mkdirSync(dataDir, { recursive: true });
    lock = await acquireDataDirLock(dataDir);
    try {
      client = new PGlite(dataDir, { parsers: { [INT8_OID]: (value: string) => Number(value) } });
    } catch (error) {
      await lock.release();
      throw error;
    }
    location = dataDir;
  }
  try {
    await client.waitReady;
  } catch (error) {
    await client.close().catch(() => undefined);
    await lock?.release();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  // LISTEN / UNLISTEN go through Kysely's connection queue: the dialect serializes Kysely's statements,
  // and a direct client call could land inside another caller's open transaction — and be undone
  // with it if that transaction rolls back, leaving the listener deaf.
  const listen: ThroughlineDatabase['listen'] = async (channel, onNotify) => {
    const unlisten = await db.connection().execute(() => client.listen(channel, onNotify));
    return async () => {
      if (!client.closed) await db.connection().execute(() => unlisten());
    };
  };
  const close = async () => {
    try {
      await db.destroy();
    } finally {
      await lock?.release();
    }
  };
  return { db, engine: 'pglite', location, listen, close };
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
