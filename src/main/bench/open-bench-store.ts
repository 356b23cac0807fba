import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type ThroughlineDatabase } from '../../persistence/database.js';
import { migrateToLatest } from '../../persistence/migrator.js';

/** A throwaway benchmark store; `url` is set on PostgreSQL (worker children connect to it). */
export interface BenchStore {
  store: ThroughlineDatabase;
  url?: string;
  close(): Promise<void>;
}

/**
 * A throwaway store for benchmarks, never the user's data: a temporary PGlite directory, or with a
 * PostgreSQL URL a temporary database on that server (created here, dropped on close).
 */
export async function openBenchStore(databaseUrl: string | undefined, poolSize = 8): Promise<BenchStore> {
  const url = databaseUrl?.trim();
  if (!url) {
    const dir = mkdtempSync(path.join(tmpdir(), 'throughline-bench-'));
    const store = await openDatabase({ engine: 'pglite', dataDir: dir });
    await migrateToLatest(store.db);
    return { store, close: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const { createTemporaryDatabase } = await import('../../persistence/temporary-database.js');
  const database = await createTemporaryDatabase(url, 'tl_bench');
  const store = await openDatabase({ engine: 'postgres', url: database.url, poolSize });
  await migrateToLatest(store.db);
  return {
    store,
    url: database.url,
    async close() {
      await store.close();
      await database.drop();
    },
  };
}
