import { z } from 'zod';
import { type CurrencyCode, currencySchema, minorUnitsOf } from './currencies.js';
import { DECIMAL_STRING, Dec, formatDec, toDec } from './decimal.js';

/** Decimal string amount: `-12.50`, `0`, `1000.125`. No exponent, no `+`, no leading zeros. */
export const decimalStringSchema = z.string().regex(DECIMAL_STRING, 'must be a decimal string like "1234.50" (no exponent)');

/** Money: a decimal string amount and an ISO 4217 currency. Any scale is allowed (rates may carry more digits). */
export const moneySchema = z.object({
  amount: decimalStringSchema,
  currency: currencySchema,
}).meta({ id: 'Money', description: 'Decimal string amount and ISO 4217 currency; never a number.' });

/** An amount of money. Never a JS number. */
export type Money = z.infer<typeof moneySchema>;

/** Money whose amount has no more digits than the currency's minor unit (what gets posted or invoiced). */
export const postableMoneySchema = moneySchema.refine(
  // A non-decimal amount is already reported by the amount's own check (toDec would throw).
  (m) => !DECIMAL_STRING.test(m.amount) || toDec(m.amount).decimalPlaces() <= minorUnitsOf(m.currency),
  { message: 'has more decimal places than the currency\'s minor unit', path: ['amount'] },
);

/** Builds money, normalising the amount (at least the currency's minor-unit digits: `money('5', 'USD')` is `5.00`). */
export function money(amount: string, currency: CurrencyCode | string): Money {
  const code = currencySchema.parse(currency);
  return { amount: formatDec(toDec(amount), minorUnitsOf(code)), currency: code };
}

/** Zero in a currency. */
export function zero(currency: CurrencyCode | string): Money {
  return money('0', currency);
}

/** The amount as a decimal value (for arithmetic in this module family only). */
export function decOf(m: Money): Dec {
  return toDec(m.amount);
}

/** Builds money from a decimal value (internal). */
export function fromDec(value: Dec, currency: CurrencyCode): Money {
  return { amount: formatDec(value, minorUnitsOf(currency)), currency };
}

function sameCurrency(a: Money, b: Money, operation: string): CurrencyCode {
  if (a.currency !== b.currency) {
    throw new RangeError(`cannot ${operation} ${a.currency} and ${b.currency}: convert with an explicit FX rate first`);
  }
  return a.currency;
}

/** a + b, exact. Throws when the currencies differ. */
export function add(a: Money, b: Money): Money {
  return fromDec(decOf(a).plus(decOf(b)), sameCurrency(a, b, 'add'));
}

/** a - b, exact. Throws when the currencies differ. */
export function subtract(a: Money, b: Money): Money {
  return fromDec(decOf(a).minus(decOf(b)), sameCurrency(a, b, 'subtract'));
}

/** Sum of `list`, all in `currency` (empty list: zero). Throws when any item is in another currency. */
export function sum(list: readonly Money[], currency: CurrencyCode | string): Money {
  const code = currencySchema.parse(currency);
  let total = toDec('0');
  for (const item of list) {
    if (item.currency !== code) throw new RangeError(`cannot sum ${item.currency} into a ${code} total`);
    total = total.plus(decOf(item));
  }
  return fromDec(total, code);
}

/**
 * money x factor, rounded half-even to the currency's minor unit. Use this where an amount is
 * final (a line amount). For intermediate figures that are rounded later, use {@link multiplyExact}.
 */
export function multiply(m: Money, factor: string): Money {
  return roundToMinorUnit(multiplyExact(m, factor));
}

/** money x factor with every digit kept: the caller must round at a defined point (see {@link roundToMinorUnit}). */
export function multiplyExact(m: Money, factor: string): Money {
  return fromDec(decOf(m).times(toDec(factor)), m.currency);
}

/** Rounds half-even to the currency's minor unit: 2.345 USD -> 2.34, 2.355 USD -> 2.36, 0.5 JPY -> 0. */
export function roundToMinorUnit(m: Money): Money {
  const digits = minorUnitsOf(m.currency);
  return fromDec(decOf(m).toDecimalPlaces(digits, Dec.ROUND_HALF_EVEN), m.currency);
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. Throws when the currencies differ. */
export function compare(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b, 'compare');
  return decOf(a).comparedTo(decOf(b)) as -1 | 0 | 1;
}

/** True when two amounts are numerically equal in the same currency (`1.5` equals `1.50`). */
export function equals(a: Money, b: Money): boolean {
  return a.currency === b.currency && decOf(a).equals(decOf(b));
}

/** True for zero (of any scale). */
export function isZero(m: Money): boolean {
  return decOf(m).isZero();
}

/** True when strictly below zero. */
export function isNegative(m: Money): boolean {
  return decOf(m).isNegative() && !decOf(m).isZero();
}

/** -m. */
export function negate(m: Money): Money {
  return fromDec(decOf(m).negated(), m.currency);
}

/** |m|. */
export function abs(m: Money): Money {
  return fromDec(decOf(m).abs(), m.currency);
}
