import type { ThroughlineDatabase } from '../../../persistence/database.js';

/**
 * The newest source version logged per time entry subject (approvals and rejections alike), so a
 * late, out-of-order older version never overwrites a newer posting.
 */
export async function latestTimeVersions(store: Pick<ThroughlineDatabase, 'db'>, subjects: readonly string[]): Promise<Map<string, string>> {
  if (subjects.length === 0) return new Map();
  const rows = await store.db
    .selectFrom('tl_event')
    .select(['subject', (eb) => eb.fn.max('source_version').as('version')])
    .where('subject', 'in', [...new Set(subjects)])
    .where('type', 'in', ['time.approved', 'time.rejected'])
    .groupBy('subject')
    .execute();
  return new Map(rows.map((r) => [r.subject, String(r.version)]));
}
