import { describe } from 'vitest';
import { openDatabase, type ThroughlineDatabase } from '../../src/persistence/database.js';
import { migrateToLatest } from '../../src/persistence/migrator.js';
import { createTemporaryDatabase } from '../../src/persistence/temporary-database.js';

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
  const database = await createTemporaryDatabase(testDatabaseUrl, `tl_test_${process.pid}`);
  const store = await openDatabase({ engine: 'postgres', url: database.url, poolSize: 8 });
  if (options.migrate !== false) await migrateToLatest(store.db);
  return {
    ...store,
    url: database.url,
    async close() {
      await store.close();
      await database.drop();
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
