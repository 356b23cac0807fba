import type { Payment } from '../../canonical/entities/payment.js';
import { createIdFactory, type IdFactory } from '../../canonical/ids.js';
import type { Poller } from '../../intake/inbound-source.js';
import type { Clock } from '../../runtime/clock.js';
import type { Governor } from '../../runtime/governor/create-governor.js';
import type { CallRecorder } from '../http/call-stats.js';
import type { LedgerPort } from '../ports/ledger.js';
import { createNetSuiteClient, type NetSuiteClient } from './client.js';
import type { NetSuiteConnectorConfig } from './config.js';
import { createInvoicePoller } from './inbound/invoice-poller.js';
import { createPaymentPoller } from './inbound/payment-poller.js';
import { createNetSuiteLedger } from './ledger.js';
import type { InvoiceStatus } from './mappers/invoice.js';
import type { LedgerTimeBillRecord } from './mappers/time-bill.js';
import { createInvoice } from './outbound/create-invoice.js';
import { getCustomerPayment } from './outbound/get-customer-payment.js';
import { getInvoice } from './outbound/get-invoice.js';
import { listTimeBills } from './outbound/list-time-bills.js';
import { suiteQlPages, type SuiteQlRow } from './outbound/suiteql-query.js';
import { createReferenceLookup, type ReferenceLookup } from './reference-lookup.js';

export type { NetSuiteConnectorConfig } from './config.js';
export { netSuiteConcurrencyLimit, netSuiteEndpointBudget } from './config.js';
export type { InvoiceStatus } from './mappers/invoice.js';
export type { LedgerTimeBillRecord } from './mappers/time-bill.js';

/** What the connector needs from the process: the clock, the governor (endpoint = connection id), the call tally. */
export interface NetSuiteConnectorDeps {
  clock: Clock;
  governor?: Governor | undefined;
  calls?: CallRecorder | undefined;
  /** Ids of the events the pollers build (default: a factory on `clock`). */
  idFactory?: IdFactory | undefined;
  /** Where the pollers start on their very first poll (ISO instant; default the epoch). */
  pollSince?: string | undefined;
  /** Rows per poll page (default 200). */
  pollPageSize?: number | undefined;
}

/** One NetSuite connection's operations for the hub. */
export interface NetSuiteConnector {
  readonly connection: string;
  ledger: LedgerPort;
  /** Inbound pollers (SuiteQL on lastmodifieddate with checkpoints): invoices, payments. */
  pollers: Poller[];
  client: NetSuiteClient;
  lookup: ReferenceLookup;
  /** Every time bill (the demo's PSA-vs-ERP comparison), read through SuiteQL. */
  listTimeBills(options?: { externalIdPrefix?: string }): Promise<LedgerTimeBillRecord[]>;
  /** Creates an invoice once per `body.externalId` (see outbound/create-invoice.ts; map it with mappers/invoice.ts). */
  createInvoice(body: Record<string, unknown> & { externalId: string }): Promise<{ id: string; created: boolean }>;
  /** Status and amount remaining of an invoice (internal id or `eid:X`). */
  getInvoice(id: string): Promise<InvoiceStatus | undefined>;
  /** A customer payment with its applications. */
  getCustomerPayment(id: string): Promise<Payment | undefined>;
  /** A SuiteQL query, page by page. */
  suiteQl(q: string, options?: { pageSize?: number }): AsyncGenerator<{ rows: SuiteQlRow[]; offset: number; hasMore: boolean }>;
  close(): Promise<void>;
}

/** Creates the NetSuite connector of one connection (the composition root registers `netSuiteEndpointBudget` under the connection id). */
export function createNetSuiteConnector(config: NetSuiteConnectorConfig, deps: NetSuiteConnectorDeps): NetSuiteConnector {
  const client = createNetSuiteClient(config, deps);
  const lookup = createReferenceLookup(client);
  const idFactory = deps.idFactory ?? createIdFactory({ now: () => deps.clock.now().getTime() });
  const pollerDeps = {
    client, lookup, idFactory,
    ...(deps.pollSince !== undefined ? { since: deps.pollSince } : {}),
    ...(deps.pollPageSize !== undefined ? { pageSize: deps.pollPageSize } : {}),
  };
  return {
    connection: client.connection,
    ledger: createNetSuiteLedger(client, config, lookup),
    pollers: [createInvoicePoller(pollerDeps), createPaymentPoller(pollerDeps)],
    client,
    lookup,
    listTimeBills: (options) => listTimeBills(client, options),
    createInvoice: (body) => createInvoice(client, body),
    getInvoice: (id) => getInvoice(client, lookup, id),
    getCustomerPayment: (id) => getCustomerPayment(client, lookup, id),
    suiteQl: (q, options) => suiteQlPages(client, q, options),
    close: () => client.close(),
  };
}
