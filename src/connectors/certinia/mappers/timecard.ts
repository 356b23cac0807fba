/**
 * Pure mapping of a Certinia weekly timecard to one canonical time event per day (time entry key
 * `<timecardId>:<YYYY-MM-DD>`). Webhook handler and poller both use it, so the same timecard state
 * always yields the same events (same source id, version, time and data) and intake dedupes them.
 */
import type { CanonicalEvent } from '../../../canonical/envelope.js';
import { timeApproved } from '../../../canonical/events/time-approved.js';
import { timeRejected } from '../../../canonical/events/time-rejected.js';
import type { IdFactory } from '../../../canonical/ids.js';
import { timeEntryKey } from '../../../canonical/entities/time-entry.js';
import { newEvent } from '../../../canonical/new-event.js';
import { isoInstantOf } from '../../salesforce/soql.js';
import type { TimecardRecord } from '../schemas.js';
import { addDays, decimalOf, entityRefTo, moneyOf, type MappingSource } from './values.js';

/** Certinia's day fields, Monday first (a timecard week starts on its start date). */
export const TIMECARD_DAY_FIELDS = [
  'pse__Monday_Hours__c', 'pse__Tuesday_Hours__c', 'pse__Wednesday_Hours__c', 'pse__Thursday_Hours__c',
  'pse__Friday_Hours__c', 'pse__Saturday_Hours__c', 'pse__Sunday_Hours__c',
] as const;

/** One day of a timecard. */
export interface TimecardDay {
  timeEntryId: string;
  workDate: string;
  /** Decimal string. */
  hours: string;
}

/** The seven days of a timecard with their hours. */
export function daysOfTimecard(timecard: TimecardRecord): TimecardDay[] {
  return TIMECARD_DAY_FIELDS.map((field, index) => {
    const workDate = addDays(timecard.pse__Start_Date__c, index);
    return { timeEntryId: timeEntryKey(timecard.Id, workDate), workDate, hours: decimalOf(timecard[field] ?? 0) };
  });
}

/** The subject of a time entry's events: `time_entry:<connection>:<timecardId>:<date>`. */
export function timeEntrySubject(connection: string, timeEntryId: string): string {
  return `time_entry:${connection}:${timeEntryId}`;
}

/** What the mapping needs besides the record. */
export interface TimecardMappingContext extends MappingSource {
  /** Time entry keys that were approved before (from the event log); their loss of approval is a rejection. */
  approvedBefore: ReadonlySet<string>;
  idFactory: IdFactory;
  clock: { now(): Date };
}

/**
 * The events of one timecard state, per day: Approved (not deleted) with hours > 0 -> `time.approved`;
 * a day approved before that was rejected, edited to 0 on an approved timecard, or deleted ->
 * `time.rejected` with `previouslyApproved: true`; a Rejected timecard's day with hours > 0 never
 * approved -> `time.rejected` with `previouslyApproved: false`. A timecard reopened for correction
 * (Saved/Submitted) yields nothing: the approved version stands until it is approved again or rejected.
 * Version and event time are the SystemModstamp.
 */
export function timeEventsOfTimecard(timecard: TimecardRecord, context: TimecardMappingContext): CanonicalEvent[] {
  const version = isoInstantOf(timecard.SystemModstamp);
  const status = timecard.IsDeleted ? 'Deleted' : (timecard.pse__Status__c ?? 'Saved');
  const workerRef = entityRefTo(context, 'Contact', timecard.pse__Resource__c);
  const projectRef = entityRefTo(context, 'pse__Proj__c', timecard.pse__Project__c);
  const currency = timecard.CurrencyIsoCode;
  const envelope = (timeEntryId: string) => ({
    subject: timeEntrySubject(context.connection, timeEntryId),
    source: context.connection,
    sourceId: timeEntryId,
    sourceVersion: version,
    correlationId: `project:${context.connection}:${timecard.pse__Project__c}`,
    time: version,
  });
  const deps = { idFactory: context.idFactory, clock: context.clock };
  const events: CanonicalEvent[] = [];
  for (const day of daysOfTimecard(timecard)) {
    const worked = day.hours !== '0';
    const wasApproved = context.approvedBefore.has(day.timeEntryId);
    if (status === 'Approved' && worked) {
      const billRate = moneyOf(timecard.pse__Bill_Rate__c, currency);
      const costRate = moneyOf(timecard.pse__Cost_Rate_Amount__c, currency);
      events.push(newEvent(timeApproved, {
        ...envelope(day.timeEntryId),
        data: {
          timeEntryId: day.timeEntryId,
          sourceTimecardId: timecard.Id,
          workerRef,
          projectRef,
          workDate: day.workDate,
          hours: day.hours,
          billable: timecard.pse__Billable__c ?? true,
          ...(billRate ? { billRate } : {}),
          ...(costRate ? { costRate } : {}),
          approvedAt: version,
          ...(timecard.pse__Timecard_Notes__c ? { notes: timecard.pse__Timecard_Notes__c } : {}),
        },
      }, deps));
    } else if ((wasApproved && status !== 'Saved' && status !== 'Submitted') || (status === 'Rejected' && worked)) {
      events.push(newEvent(timeRejected, {
        ...envelope(day.timeEntryId),
        data: {
          timeEntryId: day.timeEntryId,
          sourceTimecardId: timecard.Id,
          workerRef,
          projectRef,
          workDate: day.workDate,
          hours: day.hours,
          rejectedAt: version,
          reason: status === 'Approved' ? 'hours changed to 0 after approval' : `timecard ${status.toLowerCase()}`,
          previouslyApproved: wasApproved,
        },
      }, deps));
    }
  }
  return events;
}
