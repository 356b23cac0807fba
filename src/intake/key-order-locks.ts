import { sql, type Kysely } from 'kysely';
import type { Database } from '../persistence/schema.js';

/**
 * Advisory-lock namespace of intake's per-key order (the `classid` of the two-int form); the other
 * half is a slot. 0x544c4b4f is "TLKO" (Throughline key order), so the locks are easy to spot in pg_locks.
 */
export const KEY_ORDER_LOCK_CLASS = 0x544c4b4f;

/**
 * How many lock slots (flow, ordering key) pairs are hashed into. Bounded so a batch never takes more
 * than this many locks, whatever its size: the shared lock table holds max_locks_per_transaction x
 * max_connections entries (6,400 with PostgreSQL's defaults), so 128 leaves ample room for a few
 * concurrent ingest transactions and every other lock. A bigger number would not let big batches
 * overlap anyway (500 keys already cover ~98% of 128 slots and ~86% of 256, so two such batches
 * serialize whatever the count); it only lowers the chance that two small concurrent ingests of
 * different keys share a slot and wait for each other (1/128 per pair of single-key ingests).
 */
export const KEY_ORDER_LOCK_SLOTS = 128;

/** The lock slot of one (flow, ordering key): 32-bit FNV-1a of `flowId NUL key`, modulo the slot count. */
export function keyOrderSlot(flowId: string, orderingKey: string): number {
  let hash = 0x811c9dc5;
  hash = fnv1a(hash, flowId);
  hash = Math.imul(hash, 0x01000193) >>> 0; // the NUL separator: ('a', 'bc') and ('ab', 'c') differ
  hash = fnv1a(hash, orderingKey);
  return hash % KEY_ORDER_LOCK_SLOTS;
}

/** The distinct slots of a batch's runs, ascending (the order every transaction takes them in). */
export function keyOrderSlots(runs: Iterable<{ flowId: string; orderingKey: string }>): number[] {
  const taken = new Uint8Array(KEY_ORDER_LOCK_SLOTS);
  for (const run of runs) taken[keyOrderSlot(run.flowId, run.orderingKey)] = 1;
  const slots: number[] = [];
  for (let slot = 0; slot < KEY_ORDER_LOCK_SLOTS; slot += 1) if (taken[slot] === 1) slots.push(slot);
  return slots;
}

/**
 * Takes the transaction-scoped advisory locks of `slots` (ascending), waiting while another
 * transaction holds one. Called before the events are appended, it makes log order = commit order
 * per (flow, ordering key): a second ingest of a key waits until the first commits or rolls back, and
 * only then draws its log positions, so a worker can never see a later run of a key without the
 * earlier one. Ascending order in one statement means two batches cannot deadlock on these locks.
 */
export async function lockKeyOrderSlots(trx: Kysely<Database>, slots: readonly number[]): Promise<void> {
  if (slots.length === 0) return;
  // unnest yields the (sorted) array in order and nothing reorders it, so the locks are taken ascending.
  await sql`select pg_advisory_xact_lock(${KEY_ORDER_LOCK_CLASS}::int, s) from unnest(${slots}::int[]) as s`.execute(trx);
}

function fnv1a(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
