import { sql, type Kysely } from 'kysely';
import type { Database } from '../persistence/schema.js';
import type { ValidatedEvent } from './validate-event.js';

/**
 * Appends validated events in input order in one statement; rows whose id or dedupe key is already
 * stored are skipped. Returns id -> log position of the rows appended.
 *
 * The batch travels as ONE jsonb parameter (an array of rows, each `[id, type, ..., data]`), not as
 * twelve `text[]` parameters: pg escapes every element of an array parameter in JavaScript (each
 * backslash and quote of the serialized data too), which cost more Node CPU than validating the
 * event. Here each row is one native `JSON.stringify` of its short fields plus the data JSON that
 * validation already produced, spliced in as is.
 */
export async function appendEvents(trx: Kysely<Database>, events: readonly ValidatedEvent[], now: Date): Promise<Map<string, number>> {
  const result = await sql<{ id: string; position: number }>`
    insert into tl_event
      (id, type, subject, source, source_id, source_version, dedupe_key, time, correlation_id, causation_id, schema_version, data, recorded_at)
    select r->>0, r->>1, r->>2, r->>3, r->>4, r->>5, r->>6, (r->>7)::timestamptz, r->>8, r->>9, r->>10, r->11,
           ${now.toISOString()}::timestamptz
    from jsonb_array_elements(${eventRowsJson(events)}::jsonb) with ordinality as t(r, ord)
    order by t.ord
    on conflict do nothing
    returning id, position`.execute(trx);
  const positions = new Map<string, number>();
  for (const row of result.rows) positions.set(row.id, Number(row.position));
  return positions;
}

/** The rows as one JSON array; the column order matches the select list above. */
export function eventRowsJson(events: readonly ValidatedEvent[]): string {
  const rows = new Array<string>(events.length);
  for (let i = 0; i < events.length; i += 1) {
    const { event, dedupeKey, dataJson } = events[i]!;
    const fields = JSON.stringify([
      event.id,
      event.type,
      event.subject,
      event.source,
      event.sourceId,
      event.sourceVersion,
      dedupeKey,
      event.time,
      event.correlationId,
      event.causationId,
      event.schemaVersion,
    ]);
    // `[f0,...,f10]` -> `[f0,...,f10,<data>]`
    rows[i] = `${fields.slice(0, -1)},${dataJson}]`;
  }
  return `[${rows.join(',')}]`;
}
