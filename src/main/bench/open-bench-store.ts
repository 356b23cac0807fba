import { randomBytes } from 'node:crypto';
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
  const pg = (await import('pg')).default;
  const name = `tl_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const store = await openDatabase({ engine: 'postgres', url: target.toString(), poolSize });
  await migrateToLatest(store.db);
  return {
    store,
    url: target.toString(),
    async close() {
      await store.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      // pg's Pool.end() resolves before its sockets close; FORCE would kill them mid-goodbye and their
      // clients would raise an unhandled FATAL 57P01 in this process. Let them go first (bounded).
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
