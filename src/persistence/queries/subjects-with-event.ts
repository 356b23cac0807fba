import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * Which of these subjects have at least one logged event of `type` (e.g. which time entries were
 * ever approved). Must not be called inside a transaction on the same PGlite store.
 */
export async function subjectsWithEvent(db: Kysely<Database>, type: string, subjects: readonly string[]): Promise<Set<string>> {
  if (subjects.length === 0) return new Set();
  const rows = await db.selectFrom('tl_event').select('subject').distinct().where('type', '=', type).where('subject', 'in', [...new Set(subjects)]).execute();
  return new Set(rows.map((row) => row.subject));
}
