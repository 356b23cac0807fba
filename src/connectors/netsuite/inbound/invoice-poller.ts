import { Decimal } from 'decimal.js';
import { invoiceStatusChanged } from '../../../canonical/events/invoice-status-changed.js';
import type { IdFactory } from '../../../canonical/ids.js';
import { newEvent } from '../../../canonical/new-event.js';
import type { Poller } from '../../../intake/inbound-source.js';
import type { NetSuiteClient } from '../client.js';
import { getInvoice } from '../outbound/get-invoice.js';
import type { ReferenceLookup } from '../reference-lookup.js';
import { createLastModifiedPoller, isHubExternalId } from './last-modified-poller.js';

/** Stable poller id (its checkpoint is stored under it). */
export const invoicePollerId = (connection: string) => `${connection}:invoices`;

/**
 * Invoices changed in NetSuite -> `invoice.status_changed` (status and amount due read from the REST
 * record). The hub's own invoice creation (external id `tl_...`, still unpaid) is an echo.
 * Vendor doc: SuiteQL table transaction (type 'CustInvc'); REST record "invoice".
 */
export function createInvoicePoller(deps: { client: NetSuiteClient; lookup: ReferenceLookup; idFactory: IdFactory; since?: string; pageSize?: number }): Poller {
  const { client } = deps;
  return createLastModifiedPoller({
    id: invoicePollerId(client.connection),
    client,
    table: 'transaction',
    where: "type = 'CustInvc'",
    since: deps.since,
    pageSize: deps.pageSize,
    isEcho: () => false,
    async toEvents(rows) {
      const events: unknown[] = [];
      let ignored = 0;
      let echoesDropped = 0;
      for (const { row, modifiedAt } of rows) {
        const invoice = await getInvoice(client, deps.lookup, String(row.id));
        if (!invoice) {
          ignored++;
          continue;
        }
        // The hub's own create comes back as a change: nothing paid yet means nothing happened in NetSuite.
        const untouched = (invoice.status === 'issued' || invoice.status === 'overdue') && new Decimal(invoice.amountDue.amount).equals(invoice.total.amount);
        if (isHubExternalId(invoice.externalId) && untouched) {
          echoesDropped++;
          continue;
        }
        events.push(newEvent(invoiceStatusChanged, {
          subject: `invoice:${client.connection}:${invoice.id}`,
          source: client.connection,
          sourceId: invoice.id,
          sourceVersion: modifiedAt,
          data: {
            invoiceRef: { refs: [{ system: 'netsuite', connection: client.connection, objectType: 'invoice', id: invoice.id, ...(invoice.externalId ? { externalId: invoice.externalId } : {}) }] },
            status: invoice.status,
            amountDue: invoice.amountDue,
            changedAt: modifiedAt,
          },
        }, { idFactory: deps.idFactory, clock: client.clock }));
      }
      return { events, ignored, echoesDropped };
    },
  });
}
