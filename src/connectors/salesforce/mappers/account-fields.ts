import type { Client } from '../../../canonical/entities/client.js';

/** Salesforce BillingCountry is free text in most orgs; the ISO code is what the hub knows. */
const COUNTRY_FIELD = 'BillingCountry';

/**
 * Client -> Account fields for an upsert by `Throughline_Id__c` (the client's canonical id is the
 * external id, so it is not among the fields). Only what the canonical client states is written.
 */
export function accountFieldsOfClient(client: Client): Record<string, unknown> {
  return {
    Name: client.name,
    ...(client.domain ? { Website: `https://${client.domain}` } : {}),
    ...(client.billTo
      ? {
          BillingStreet: client.billTo.lines.join('\n'),
          BillingCity: client.billTo.city,
          ...(client.billTo.region ? { BillingState: client.billTo.region } : {}),
          ...(client.billTo.postalCode ? { BillingPostalCode: client.billTo.postalCode } : {}),
          [COUNTRY_FIELD]: client.billTo.country,
        }
      : {}),
    ...(client.taxProfile?.taxId ? { Tax_Id__c: client.taxProfile.taxId } : {}),
    ...(client.currency ? { CurrencyIsoCode: client.currency } : {}),
  };
}
