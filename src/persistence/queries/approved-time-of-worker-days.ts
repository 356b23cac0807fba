import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** One approved time entry of a worker's day, as the event log holds its newest version. */
export interface ApprovedTimeOfDay {
  /** The worker's PSA record id (the first ref of the event's workerRef). */
  workerId: string;
  workDate: string;
  timeEntryId: string;
  hours: string;
  approvedAt: string;
}

/**
 * The approved time entries of these workers' days: per time entry its newest logged version, kept
 * when that version is an approval (a rejected or zeroed entry no longer counts). Uses the partial
 * expression index of migration 0051. What time-to-ledger's 24-hour check reads, through its port.
 */
export async function approvedTimeOfWorkerDays(
  db: Kysely<Database>,
  days: ReadonlyArray<{ workerId: string; workDate: string }>,
): Promise<ApprovedTimeOfDay[]> {
  if (days.length === 0) return [];
  const workers = [...new Set(days.map((d) => d.workerId))];
  const dates = [...new Set(days.map((d) => d.workDate))];
  const rows = await sql<{ subject: string; type: string; source_version: string; worker_id: string; work_date: string; entry_id: string; hours: string; approved_at: string | null }>`
    select subject, type, source_version,
           data->'workerRef'->'refs'->0->>'id' as worker_id, data->>'workDate' as work_date,
           data->>'timeEntryId' as entry_id, data->>'hours' as hours, data->>'approvedAt' as approved_at
      from tl_event
     where type in ('time.approved', 'time.rejected')
       and data->'workerRef'->'refs'->0->>'id' = any(${workers}::text[])
       and data->>'workDate' = any(${dates}::text[])`.execute(db);
  const newest = new Map<string, (typeof rows.rows)[number]>();
  for (const row of rows.rows) {
    const seen = newest.get(row.subject);
    if (!seen || row.source_version > seen.source_version || (row.source_version === seen.source_version && row.type === 'time.rejected')) newest.set(row.subject, row);
  }
  return [...newest.values()]
    .filter((row) => row.type === 'time.approved' && row.approved_at !== null)
    .map((row) => ({ workerId: row.worker_id, workDate: row.work_date, timeEntryId: row.entry_id, hours: row.hours, approvedAt: row.approved_at! }));
}
