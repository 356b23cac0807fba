import { z } from 'zod';

/**
 * ISO 4217 currencies the hub accepts, with their minor units (digits after the decimal point).
 * Only listed currencies are valid: rounding needs the minor unit, so an unknown code is rejected at
 * the boundary rather than guessed. Source: ISO 4217 list one (SIX Financial Information).
 */
export const currencyMinorUnits = {
  AED: 2, AFN: 2, ALL: 2, AMD: 2, ARS: 2, AUD: 2, AZN: 2, BAM: 2, BDT: 2, BGN: 2,
  BHD: 3, BIF: 0, BND: 2, BOB: 2, BRL: 2, BWP: 2, BYN: 2, CAD: 2, CHF: 2, CLP: 0,
  CNY: 2, COP: 2, CRC: 2, CZK: 2, DJF: 0, DKK: 2, DOP: 2, DZD: 2, EGP: 2, ETB: 2,
  EUR: 2, GBP: 2, GEL: 2, GHS: 2, GNF: 0, GTQ: 2, HKD: 2, HNL: 2, HUF: 2, IDR: 2,
  ILS: 2, INR: 2, IQD: 3, ISK: 0, JMD: 2, JOD: 3, JPY: 0, KES: 2, KMF: 0, KRW: 0,
  KWD: 3, KZT: 2, LBP: 2, LKR: 2, LYD: 3, MAD: 2, MXN: 2, MYR: 2, NGN: 2, NOK: 2,
  NZD: 2, OMR: 3, PEN: 2, PHP: 2, PKR: 2, PLN: 2, PYG: 0, QAR: 2, RON: 2, RSD: 2,
  RWF: 0, SAR: 2, SEK: 2, SGD: 2, THB: 2, TND: 3, TRY: 2, TWD: 2, TZS: 2, UAH: 2,
  UGX: 0, USD: 2, UYU: 2, UZS: 2, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0, ZAR: 2,
} as const satisfies Record<string, 0 | 2 | 3>;

/** An ISO 4217 currency code the hub knows. */
export type CurrencyCode = keyof typeof currencyMinorUnits;

/** All known currency codes, sorted. */
export const currencyCodes = Object.keys(currencyMinorUnits).sort() as [CurrencyCode, ...CurrencyCode[]];

/** ISO 4217 currency code (one of {@link currencyCodes}). */
export const currencySchema = z.enum(currencyCodes);

/** True when `code` is a currency the hub knows. */
export function isCurrencyCode(code: string): code is CurrencyCode {
  return Object.hasOwn(currencyMinorUnits, code);
}

/** Minor-unit digits of a currency (JPY 0, USD 2, KWD 3); throws for an unknown code. */
export function minorUnitsOf(currency: string): number {
  if (!isCurrencyCode(currency)) throw new RangeError(`unknown ISO 4217 currency: ${JSON.stringify(currency)}`);
  return currencyMinorUnits[currency];
}
