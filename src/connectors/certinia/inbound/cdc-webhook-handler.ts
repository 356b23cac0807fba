import type { IdFactory } from '../../../canonical/ids.js';
import type { InboundBatch, WebhookDelivery, WebhookHandler } from '../../../intake/inbound-source.js';
import type { SalesforceClient } from '../../salesforce/client.js';
import { changeEventSchema, type ChangeEvent } from '../../salesforce/schemas.js';
import { isSalesforceId } from '../../salesforce/soql.js';
import { readTimecardsByIds } from '../outbound/read-timecards.js';
import type { ApprovedBeforeLookup } from './approved-before.js';
import { eventsOfTimecards, type InboundLogger } from './timecard-events.js';

const TIMECARD = 'pse__Timecard_Header__c';

/** True when the change was written by this OAuth client (`changeOrigin` `...;client=<id>`). */
export function isEchoOf(changeOrigin: string, clientId: string): boolean {
  return changeOrigin.split(/[;,]/).some((part) => part.trim() === `client=${clientId}`);
}

/** The change events of one delivery: a single event, an array of them, or `{events:[...]}`. */
function changeEventsOf(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (body && typeof body === 'object' && Array.isArray((body as { events?: unknown }).events)) return (body as { events: unknown[] }).events;
  return [body];
}

/**
 * Change data capture deliveries of `pse__Timecard_Header__c` -> time events. Echoes of the hub's own
 * writes are dropped and counted; the timecards named by the remaining events (several per event and
 * per delivery) are read in their current state with one SOQL and mapped like the poller maps them.
 * Vendor doc: https://developer.salesforce.com/docs/atlas.en-us.change_data_capture.meta/change_data_capture/cdc_event_fields_header.htm
 */
export function createCdcWebhookHandler(deps: {
  client: SalesforceClient;
  approvedBefore: ApprovedBeforeLookup;
  idFactory: IdFactory;
  logger?: InboundLogger | undefined;
}): WebhookHandler {
  const { client } = deps;
  return {
    connection: client.connection,
    async handle(delivery: WebhookDelivery): Promise<InboundBatch> {
      let echoesDropped = 0;
      let ignored = 0;
      const ids = new Set<string>();
      for (const raw of changeEventsOf(delivery.body)) {
        const parsed = changeEventSchema.safeParse(raw);
        if (!parsed.success) {
          ignored += 1;
          deps.logger?.warn({ connection: client.connection, webhookId: delivery.webhookId, reason: parsed.error.message }, 'change event rejected: unexpected shape');
          continue;
        }
        const header = (parsed.data as ChangeEvent).payload.ChangeEventHeader;
        const recordIds = header.recordIds.filter(isSalesforceId);
        if (header.entityName !== TIMECARD) {
          ignored += Math.max(1, recordIds.length);
          continue;
        }
        if (isEchoOf(header.changeOrigin, client.hubClientId)) {
          echoesDropped += Math.max(1, recordIds.length);
          continue;
        }
        for (const id of recordIds) ids.add(id);
      }
      if (ids.size === 0) return { events: [], echoesDropped, ignored };
      const records = await readTimecardsByIds(client, [...ids]);
      const mapped = await eventsOfTimecards(records, deps);
      // Records that no longer exist at all (hard-deleted, not visible) have nothing to map.
      return { events: mapped.events, echoesDropped, ignored: ignored + mapped.ignored + (ids.size - records.length) };
    },
  };
}
