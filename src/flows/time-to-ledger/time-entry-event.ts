import type { CanonicalEvent } from '../../canonical/envelope.js';
import type { EntityRef, SystemRef } from '../../canonical/entities/refs.js';
import type { EventData } from '../../canonical/events/index.js';
import { externalIdFor } from '../../canonical/ids.js';
import { multiply, type Money } from '../../canonical/money/index.js';
import { NonRetryableError } from '../../runtime/errors.js';

/** An approved day of time. */
export type TimeApprovedEvent = CanonicalEvent<'time.approved', EventData<'time.approved'>>;
/** A rejected (or zeroed) day of time. */
export type TimeRejectedEvent = CanonicalEvent<'time.rejected', EventData<'time.rejected'>>;
/** What starts a time-to-ledger run. */
export type TimeEntryEvent = TimeApprovedEvent | TimeRejectedEvent;

/** The ledger object type under which posted time bills are cross-referenced. */
export const TIME_BILL_XREF_ENTITY = 'time_entry';

/** True for an approval (as opposed to a rejection). */
export function isApproval(event: TimeEntryEvent): event is TimeApprovedEvent {
  return event.type === 'time.approved';
}

/**
 * The canonical key of a time entry across connections: the event subject
 * (`time_entry:<connection>:<timecardId>:<date>`); cross-references of time bills use it.
 */
export function timeEntryCanonicalKey(event: TimeEntryEvent): string {
  return event.subject;
}

/**
 * Deterministic external id of the time bill of one time entry: derived from the entry key (never its
 * version), so a correction updates the same bill and a rejection marks it rejected.
 */
export function timeBillExternalId(event: TimeEntryEvent): string {
  return timeBillExternalIdForSubject(timeEntryCanonicalKey(event));
}

/** The record of a reference in the PSA connection (else its first record); a ref without one cannot be resolved. */
export function psaRecordOf(ref: EntityRef, psaConnection: string, what: string): SystemRef {
  const record = ref.refs.find((r) => r.connection === psaConnection) ?? ref.refs[0];
  if (!record) throw new NonRetryableError(`${what} has no system record to resolve`, { kind: 'unresolvable_reference' });
  return record;
}

/** Business value of the entry at its PSA bill rate (hours x rate), when the rate is known. */
export function billAmountOf(event: TimeEntryEvent): Money | undefined {
  if (!isApproval(event) || !event.data.billRate) return undefined;
  return multiply(event.data.billRate, event.data.hours);
}

/** {@link timeBillExternalId} from a time entry subject (`time_entry:<connection>:<key>`), for read-back comparisons. */
export function timeBillExternalIdForSubject(subject: string): string {
  return externalIdFor({ entity: subject, recordType: 'time_bill' });
}
