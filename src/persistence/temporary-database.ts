import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A scratch database on a PostgreSQL server (tests, benchmarks): its URL and how to drop it. */
export interface TemporaryDatabase {
  url: string;
  /** Drops the database; call after every pool on it has been closed. */
  drop(): Promise<void>;
}

/** Creates an empty database named `<prefix>_<random>` on the server `serverUrl` points at. */
export async function createTemporaryDatabase(serverUrl: string, prefix: string): Promise<TemporaryDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withClient(serverUrl, async (client) => {
        // pg's Pool.end() resolves before its sockets close: let them go (bounded), or FORCE kills
        // them mid-goodbye and their clients raise an unhandled FATAL 57P01 in this process.
        const deadline = Date.now() + 5_000;
        while (Date.now() < deadline) {
          const open = await client.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
          if ((open.rows[0]?.n ?? 0) === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }),
  };
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
