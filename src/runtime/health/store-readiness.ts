import { sql } from 'kysely';
import type { ThroughlineDatabase } from '../../persistence/database.js';
import { pendingMigrations } from '../../persistence/migrator.js';

/** The store as the HTTP API holds it: an opaque handle it hands to runtime and intake services. */
export type StoreHandle = Pick<ThroughlineDatabase, 'db'>;

/** Whether the store answers and its schema is current; when not, why (for `/readyz`). */
export type StoreReadiness = { ready: true } | { ready: false; reason: string };

/** Readiness of the store: it answers a query and has no pending migration. */
export async function storeReadiness(store: StoreHandle): Promise<StoreReadiness> {
  try {
    await sql`select 1`.execute(store.db);
  } catch (error) {
    return { ready: false, reason: `store unreachable: ${error instanceof Error ? error.message : String(error)}` };
  }
  const pending = await pendingMigrations(store.db);
  if (pending.length > 0) return { ready: false, reason: `pending migrations: ${pending.join(', ')}` };
  return { ready: true };
}
