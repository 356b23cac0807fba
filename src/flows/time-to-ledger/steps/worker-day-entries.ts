import { sql } from 'kysely';
import type { ThroughlineDatabase } from '../../../persistence/database.js';
import type { WorkerDayEntry } from '../line-checks.js';

/** A worker's day: the worker's PSA record id and the work date. */
export interface WorkerDay {
  workerId: string;
  workDate: string;
}

/** Map key of a worker's day. */
export function workerDayKey(day: WorkerDay): string {
  return `${day.workerId}|${day.workDate}`;
}

/**
 * The approved entries of these workers' days as the event log holds them now: per time entry its
 * newest version, kept when that version is an approval (a rejected or zeroed entry no longer counts).
 * Uses the partial expression index of migration 0051.
 */
export async function approvedEntriesOfWorkerDays(store: Pick<ThroughlineDatabase, 'db'>, days: readonly WorkerDay[]): Promise<Map<string, WorkerDayEntry[]>> {
  const result = new Map<string, WorkerDayEntry[]>();
  if (days.length === 0) return result;
  const workers = [...new Set(days.map((d) => d.workerId))];
  const dates = [...new Set(days.map((d) => d.workDate))];
  const rows = await sql<{ subject: string; type: string; source_version: string; worker_id: string; work_date: string; entry_id: string; hours: string; approved_at: string | null }>`
    select subject, type, source_version,
           data->'workerRef'->'refs'->0->>'id' as worker_id, data->>'workDate' as work_date,
           data->>'timeEntryId' as entry_id, data->>'hours' as hours, data->>'approvedAt' as approved_at
      from tl_event
     where type in ('time.approved', 'time.rejected')
       and data->'workerRef'->'refs'->0->>'id' = any(${workers}::text[])
       and data->>'workDate' = any(${dates}::text[])`.execute(store.db);
  const newest = new Map<string, (typeof rows.rows)[number]>();
  for (const row of rows.rows) {
    const seen = newest.get(row.subject);
    if (!seen || row.source_version > seen.source_version || (row.source_version === seen.source_version && row.type === 'time.rejected')) newest.set(row.subject, row);
  }
  for (const row of newest.values()) {
    if (row.type !== 'time.approved' || row.approved_at === null) continue;
    const key = workerDayKey({ workerId: row.worker_id, workDate: row.work_date });
    const list = result.get(key) ?? [];
    list.push({ timeEntryId: row.entry_id, hours: row.hours, approvedAt: row.approved_at });
    result.set(key, list);
  }
  return result;
}
