import { NonRetryableError } from '../../../runtime/errors.js';
import type { NetSuiteClient } from '../client.js';
import { isNotFound } from '../classify-error.js';
import { fromNetSuiteInvoiceStatus, type InvoiceStatus } from '../mappers/invoice.js';
import type { ReferenceLookup } from '../reference-lookup.js';
import { invoiceRecordSchema } from '../schemas.js';

/**
 * Reads an invoice's status and amount remaining by internal id or `eid:<externalId>`; undefined when missing.
 * Vendor doc: NetSuite REST API Browser "invoice" — `GET /services/rest/record/v1/invoice/{id}`.
 */
export async function getInvoice(client: NetSuiteClient, lookup: ReferenceLookup, id: string): Promise<InvoiceStatus | undefined> {
  let body: unknown;
  try {
    body = (await client.send({ method: 'GET', path: `/record/v1/invoice/${encodeURIComponent(id)}` })).body;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  const parsed = invoiceRecordSchema.safeParse(body);
  if (!parsed.success) throw new NonRetryableError(`${client.connection}: invoice ${id} not understood: ${parsed.error.message}`, { kind: 'validation', connection: client.connection });
  const currencyId = parsed.data.currency?.id;
  if (!currencyId) throw new NonRetryableError(`${client.connection}: invoice ${id} has no currency`, { kind: 'validation', connection: client.connection });
  const today = client.clock.now().toISOString().slice(0, 10);
  return fromNetSuiteInvoiceStatus(parsed.data, await lookup.currencyCode(currencyId), today);
}
