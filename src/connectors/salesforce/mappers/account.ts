import type { Client } from '../../../canonical/entities/client.js';
import { isCurrencyCode } from '../../../canonical/money/index.js';
import type { AccountRecord } from '../../certinia/schemas.js';
import { entityRefTo, refTo, type MappingSource } from '../../certinia/mappers/values.js';

/** Country names Salesforce orgs commonly hold in BillingCountry -> ISO 3166-1 alpha-2. */
const countries: Readonly<Record<string, string>> = {
  'united states': 'US', usa: 'US', 'united states of america': 'US', 'united kingdom': 'GB', uk: 'GB', 'great britain': 'GB',
  germany: 'DE', deutschland: 'DE', france: 'FR', ireland: 'IE', netherlands: 'NL', spain: 'ES', italy: 'IT', canada: 'CA',
  australia: 'AU', switzerland: 'CH', austria: 'AT', belgium: 'BE', sweden: 'SE', denmark: 'DK', norway: 'NO', japan: 'JP', india: 'IN',
};

/** An ISO country code from a Salesforce country value, when recognisable. */
export function countryCodeOf(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed)) return trimmed.toUpperCase();
  return countries[trimmed.toLowerCase()];
}

/** The lowercase host of a website value (`https://www.acme.com/x` -> `acme.com`). */
export function domainOf(website: string | null | undefined): string | undefined {
  if (!website) return undefined;
  const host = website.trim().toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/^www\./, '').split(/[/?#:]/)[0] ?? '';
  return /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/.test(host) ? host : undefined;
}

/** Account -> Client (no canonical id). The bill-to address is kept only when it has a street and a known country. */
export function clientOfAccount(account: AccountRecord, source: MappingSource): Client {
  const country = countryCodeOf(account.BillingCountry);
  const street = account.BillingStreet?.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '').slice(0, 4) ?? [];
  const domain = domainOf(account.Website);
  const taxId = account.Tax_Id__c?.trim();
  return {
    systemRefs: [refTo(source, 'Account', account.Id, account.Throughline_Id__c)],
    name: account.Name?.trim() || account.Id,
    ...(account.ParentId ? { parentRef: entityRefTo(source, 'Account', account.ParentId) } : {}),
    ...(domain ? { domain } : {}),
    ...(street.length > 0 && country && account.BillingCity?.trim()
      ? {
          billTo: {
            lines: street,
            city: account.BillingCity.trim(),
            ...(account.BillingState?.trim() ? { region: account.BillingState.trim() } : {}),
            ...(account.BillingPostalCode?.trim() ? { postalCode: account.BillingPostalCode.trim() } : {}),
            country,
          },
        }
      : {}),
    taxProfile: { ...(taxId ? { taxId } : {}), taxExempt: false },
    ...(account.CurrencyIsoCode && isCurrencyCode(account.CurrencyIsoCode) ? { currency: account.CurrencyIsoCode } : {}),
    status: account.IsDeleted ? 'inactive' : 'active',
  };
}
