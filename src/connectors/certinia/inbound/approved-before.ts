import { timeEntrySubject } from '../mappers/timecard.js';

/** Which of these time entry keys were approved before (their loss of approval is a rejection). */
export type ApprovedBeforeLookup = (timeEntryIds: readonly string[]) => Promise<ReadonlySet<string>>;

/** Which of these event subjects the hub has seen approved: a port the composition root wires to the event log. */
export type ApprovedSubjects = (subjects: readonly string[]) => Promise<ReadonlySet<string>>;

/** Knows nothing: only Rejected timecards yield rejections (approved-then-zeroed days go unnoticed). */
export const noApprovalHistory: ApprovedBeforeLookup = async () => new Set();

/**
 * Approval history of this connection's time entries, asked of the hub through `approvedSubjects`
 * (the connector reads no hub table): an entry was approved before when its subject was.
 */
export function approvedBeforeFrom(approvedSubjects: ApprovedSubjects, connection: string): ApprovedBeforeLookup {
  return async (timeEntryIds) => {
    if (timeEntryIds.length === 0) return new Set();
    const bySubject = new Map(timeEntryIds.map((id) => [timeEntrySubject(connection, id), id]));
    const approved = await approvedSubjects([...bySubject.keys()]);
    return new Set([...approved].map((subject) => bySubject.get(subject)).filter((id): id is string => id !== undefined));
  };
}
