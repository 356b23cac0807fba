import { z } from 'zod';
import type { IdFactory } from '../../../canonical/ids.js';
import type { PollPage, Poller } from '../../../intake/inbound-source.js';
import { NonRetryableError } from '../../../runtime/errors.js';
import type { SalesforceClient } from '../../salesforce/client.js';
import { isoInstantOf } from '../../salesforce/soql.js';
import { readTimecardsChangedAfter, type ModstampPosition } from '../outbound/read-timecards.js';
import type { ApprovedBeforeLookup } from './approved-before.js';
import { eventsOfTimecards, type InboundLogger } from './timecard-events.js';

const checkpointSchema = z.object({ modstamp: z.iso.datetime({ offset: true }), id: z.string() });

/** The saved checkpoint string of a position. */
export function encodeTimecardCheckpoint(position: ModstampPosition): string {
  return JSON.stringify({ modstamp: position.modstamp, id: position.id });
}

/** Parses a checkpoint; undefined for the first poll. */
export function decodeTimecardCheckpoint(checkpoint: string | undefined): ModstampPosition | undefined {
  if (checkpoint === undefined || checkpoint === '') return undefined;
  try {
    return checkpointSchema.parse(JSON.parse(checkpoint));
  } catch (error) {
    throw new NonRetryableError(`invalid timecard checkpoint ${JSON.stringify(checkpoint)}`, { kind: 'validation' }, { cause: error });
  }
}

/**
 * Polls timecards changed after the checkpoint in (SystemModstamp, Id) order, one page per call; the
 * checkpoint is the last record's SystemModstamp and Id, so equal timestamps never lose or loop on a
 * record, and a new poller instance resumes exactly where the saved checkpoint says. Events are those
 * the webhook handler would produce for the same state.
 * Vendor doc: https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_systemmodstamp.htm
 */
export function createTimecardPoller(deps: {
  client: SalesforceClient;
  approvedBefore: ApprovedBeforeLookup;
  idFactory: IdFactory;
  pageSize?: number | undefined;
  /** Where the very first poll starts (ISO instant); default: the beginning. */
  since?: string | undefined;
  logger?: InboundLogger | undefined;
}): Poller {
  const pageSize = deps.pageSize ?? 200;
  const start: ModstampPosition | undefined = deps.since ? { modstamp: new Date(deps.since).toISOString(), id: '' } : undefined;
  return {
    id: `${deps.client.connection}:timecards`,
    connection: deps.client.connection,
    async pollPage(checkpoint): Promise<PollPage> {
      const after = decodeTimecardCheckpoint(checkpoint) ?? start;
      const records = await readTimecardsChangedAfter(deps.client, after, pageSize);
      const mapped = await eventsOfTimecards(records, deps);
      const last = records.at(-1);
      const next = last && typeof last.Id === 'string' && typeof last.SystemModstamp === 'string'
        ? { modstamp: isoInstantOf(last.SystemModstamp), id: last.Id }
        : after;
      return {
        events: mapped.events,
        echoesDropped: 0,
        ignored: mapped.ignored,
        nextCheckpoint: next ? encodeTimecardCheckpoint(next) : (checkpoint ?? ''),
        done: records.length < pageSize,
      };
    },
  };
}
