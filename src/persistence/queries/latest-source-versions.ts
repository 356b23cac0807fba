import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * The newest source version logged per subject among events of `types`, so a late, out-of-order
 * older version never overwrites a newer one. Source versions compare as text (ISO instants).
 */
export async function latestSourceVersions(db: Kysely<Database>, subjects: readonly string[], types: readonly string[]): Promise<Map<string, string>> {
  if (subjects.length === 0 || types.length === 0) return new Map();
  const rows = await db
    .selectFrom('tl_event')
    .select(['subject', (eb) => eb.fn.max('source_version').as('version')])
    .where('subject', 'in', [...new Set(subjects)])
    .where('type', 'in', [...types])
    .groupBy('subject')
    .execute();
  return new Map(rows.map((r) => [r.subject, String(r.version)]));
}
