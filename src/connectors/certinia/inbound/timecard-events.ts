import type { CanonicalEvent } from '../../../canonical/envelope.js';
import type { IdFactory } from '../../../canonical/ids.js';
import type { SalesforceClient } from '../../salesforce/client.js';
import { daysOfTimecard, timeEventsOfTimecard } from '../mappers/timecard.js';
import { timecardRecordSchema, type TimecardRecord } from '../schemas.js';
import type { ApprovedBeforeLookup } from './approved-before.js';

/** Where rejected records are reported (a pino logger fits). */
export interface InboundLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

/** What turning timecards into events needs. */
export interface TimecardEventDeps {
  client: SalesforceClient;
  approvedBefore: ApprovedBeforeLookup;
  idFactory: IdFactory;
  logger?: InboundLogger | undefined;
}

/**
 * Parses raw timecard records and maps each to its daily events. A record that does not parse is
 * reported (logger) and counted as ignored; it never blocks the others. Timecards that yield no
 * event (saved, submitted) count as ignored too.
 */
export async function eventsOfTimecards(raw: readonly Record<string, unknown>[], deps: TimecardEventDeps): Promise<{ events: CanonicalEvent[]; ignored: number; parsed: TimecardRecord[] }> {
  const parsed: TimecardRecord[] = [];
  let ignored = 0;
  for (const record of raw) {
    const result = timecardRecordSchema.safeParse(record);
    if (result.success) parsed.push(result.data);
    else {
      ignored += 1;
      deps.logger?.warn({ connection: deps.client.connection, id: record.Id, reason: result.error.message }, 'timecard rejected: unexpected shape');
    }
  }
  const approvedBefore = await deps.approvedBefore(parsed.flatMap((t) => daysOfTimecard(t).map((d) => d.timeEntryId)));
  const events: CanonicalEvent[] = [];
  for (const timecard of parsed) {
    try {
      const mapped = timeEventsOfTimecard(timecard, { connection: deps.client.connection, system: deps.client.system, approvedBefore, idFactory: deps.idFactory, clock: deps.client.clock });
      if (mapped.length === 0) ignored += 1;
      events.push(...mapped);
    } catch (error) {
      ignored += 1;
      deps.logger?.warn({ connection: deps.client.connection, id: timecard.Id, reason: (error as Error).message }, 'timecard rejected: cannot map');
    }
  }
  return { events, ignored, parsed };
}
