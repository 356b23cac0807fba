import type { Payment } from '../../../canonical/entities/payment.js';
import { NonRetryableError } from '../../../runtime/errors.js';
import type { NetSuiteClient } from '../client.js';
import { isNotFound } from '../classify-error.js';
import { fromNetSuiteCustomerPayment } from '../mappers/payment.js';
import type { ReferenceLookup } from '../reference-lookup.js';
import { customerPaymentRecordSchema } from '../schemas.js';

/**
 * Reads a customer payment with its applied invoices as a canonical Payment; undefined when missing.
 * Vendor doc: NetSuite REST API Browser "customerPayment" —
 * `GET /services/rest/record/v1/customerPayment/{id}?expandSubResources=true`.
 */
export async function getCustomerPayment(client: NetSuiteClient, lookup: ReferenceLookup, id: string): Promise<Payment | undefined> {
  let body: unknown;
  try {
    body = (await client.send({ method: 'GET', path: `/record/v1/customerPayment/${encodeURIComponent(id)}`, query: { expandSubResources: 'true' } })).body;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  const parsed = customerPaymentRecordSchema.safeParse(body);
  if (!parsed.success) throw new NonRetryableError(`${client.connection}: customerPayment ${id} not understood: ${parsed.error.message}`, { kind: 'validation', connection: client.connection });
  const currencyId = parsed.data.currency?.id;
  if (!currencyId) throw new NonRetryableError(`${client.connection}: customerPayment ${id} has no currency`, { kind: 'validation', connection: client.connection });
  return fromNetSuiteCustomerPayment(parsed.data, await lookup.currencyCode(currencyId), client.connection);
}
