import { paymentApplied } from '../../../canonical/events/payment-applied.js';
import type { IdFactory } from '../../../canonical/ids.js';
import { newEvent } from '../../../canonical/new-event.js';
import type { Poller } from '../../../intake/inbound-source.js';
import type { NetSuiteClient } from '../client.js';
import { getCustomerPayment } from '../outbound/get-customer-payment.js';
import type { ReferenceLookup } from '../reference-lookup.js';
import { createLastModifiedPoller } from './last-modified-poller.js';

/** Stable poller id (its checkpoint is stored under it). */
export const paymentPollerId = (connection: string) => `${connection}:payments`;

/**
 * Customer payments changed in NetSuite -> `payment.applied` with the invoices they were applied to;
 * payments applied to nothing yet are ignored. Payments carrying a hub external id are echoes.
 * Vendor doc: SuiteQL table transaction (type 'CustPymt'); REST record "customerPayment".
 */
export function createPaymentPoller(deps: { client: NetSuiteClient; lookup: ReferenceLookup; idFactory: IdFactory; since?: string; pageSize?: number }): Poller {
  const { client } = deps;
  return createLastModifiedPoller({
    id: paymentPollerId(client.connection),
    client,
    table: 'transaction',
    where: "type = 'CustPymt'",
    since: deps.since,
    pageSize: deps.pageSize,
    async toEvents(rows) {
      const events: unknown[] = [];
      let ignored = 0;
      for (const { row, modifiedAt } of rows) {
        const payment = await getCustomerPayment(client, deps.lookup, String(row.id));
        if (!payment || payment.applications.length === 0) {
          ignored++;
          continue;
        }
        events.push(newEvent(paymentApplied, {
          subject: `payment:${client.connection}:${String(row.id)}`,
          source: client.connection,
          sourceId: String(row.id),
          sourceVersion: modifiedAt,
          data: { payment },
        }, { idFactory: deps.idFactory, clock: client.clock }));
      }
      return { events, ignored };
    },
  });
}
