import type { Kysely } from 'kysely';
import type { Database } from '../../../persistence/schema.js';
import { timeEntrySubject } from '../mappers/timecard.js';

/** Which of these time entry keys were approved before (their loss of approval is a rejection). */
export type ApprovedBeforeLookup = (timeEntryIds: readonly string[]) => Promise<ReadonlySet<string>>;

/** Knows nothing: only Rejected timecards yield rejections (approved-then-zeroed days go unnoticed). */
export const noApprovalHistory: ApprovedBeforeLookup = async () => new Set();

/**
 * Reads approval history from the event log: an entry was approved before when a `time.approved`
 * event with its subject exists. Must not be called inside a transaction on the same PGlite store.
 */
export function approvedBeforeFromEventLog(db: Kysely<Database>, connection: string): ApprovedBeforeLookup {
  return async (timeEntryIds) => {
    if (timeEntryIds.length === 0) return new Set();
    const bySubject = new Map(timeEntryIds.map((id) => [timeEntrySubject(connection, id), id]));
    const rows = await db
      .selectFrom('tl_event')
      .select('subject')
      .distinct()
      .where('type', '=', 'time.approved')
      .where('subject', 'in', [...bySubject.keys()])
      .execute();
    return new Set(rows.map((row) => bySubject.get(row.subject)).filter((id): id is string => id !== undefined));
  };
}
