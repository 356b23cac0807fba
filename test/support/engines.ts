import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';
import { openDatabase, type ThroughlineDatabase } from '../../src/persistence/database.js';
import { migrateToLatest } from '../../src/persistence/migrator.js';

/** PostgreSQL URL for the server-mode half of the suite; unset means those tests skip. */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL?.trim() || undefined;
const ENABLE_HINT = 'set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test to run';

export interface Engine {
  name: 'pglite' | 'postgres';
  /** Opens a fresh, empty, migrated store that no other test sees. */
  open(): Promise<ThroughlineDatabase>;
}

/** A fresh PostgreSQL database on the TEST_DATABASE_URL server; dropped when the store closes. */
export async function openFreshPostgres(options: { migrate?: boolean } = {}): Promise<ThroughlineDatabase & { url: string }> {
  if (!testDatabaseUrl) throw new Error(`PostgreSQL tests need TEST_DATABASE_URL (${ENABLE_HINT})`);
  const name = `tl_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  const store = await openDatabase({ engine: 'postgres', url: url.toString(), poolSize: 8 });
  if (options.migrate !== false) await migrateToLatest(store.db);
  return {
    ...store,
    url: url.toString(),
    async close() {
      await store.close();
      const cleanup = new pg.Client({ connectionString: testDatabaseUrl });
      await cleanup.connect();
      // pg's Pool.end() resolves before its sockets close: let them go, or FORCE kills them mid-goodbye
      // and their clients raise an unhandled FATAL 57P01.
      const deadline = Date.now() + 5_000;
      while (Date.now() < deadline) {
        const open = await cleanup.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if ((open.rows[0]?.n ?? 0) === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export const pgliteEngine: Engine = {
  name: 'pglite',
  async open() {
    const store = await openDatabase({ engine: 'pglite', inMemory: true });
    await migrateToLatest(store.db);
    return store;
  },
};

export const postgresEngine: Engine = { name: 'postgres', open: () => openFreshPostgres() };

/**
 * Runs a suite once per engine: always on PGlite, and on PostgreSQL when TEST_DATABASE_URL is set
 * (otherwise the PostgreSQL half is reported as skipped with the way to enable it).
 */
export function describeEachEngine(title: string, suite: (engine: Engine) => void): void {
  describe(`${title} [pglite]`, () => suite(pgliteEngine));
  describe.skipIf(!testDatabaseUrl)(`${title} [postgres]${testDatabaseUrl ? '' : ` — skipped: ${ENABLE_HINT}`}`, () =>
    suite(postgresEngine),
  );
}
