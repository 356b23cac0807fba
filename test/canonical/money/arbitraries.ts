import fc from 'fast-check';
import { type CurrencyCode, minorUnitsOf } from '../../../src/canonical/money/index.js';

/** Currencies covering every minor-unit width (0, 2, 3). */
export const currencies: CurrencyCode[] = ['USD', 'EUR', 'JPY', 'KRW', 'KWD', 'BHD', 'GBP', 'CLP'];

/** A decimal string with exactly `digits` fraction digits from an integer count of minor units. */
export function fromUnits(units: bigint, digits: number): string {
  const negative = units < 0n;
  const text = (negative ? -units : units).toString().padStart(digits + 1, '0');
  const body = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  return negative ? `-${body}` : body;
}

/** Minor-unit amounts (as bigint) up to about a trillion major units. */
export const unitsArb = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n });

/** A postable amount (at the currency's minor unit) in `currency`. */
export function amountArb(currency: CurrencyCode): fc.Arbitrary<string> {
  return unitsArb.map((u) => fromUnits(u, minorUnitsOf(currency)));
}

/** Positive decimal string ratio/rate with up to 6 fraction digits. */
export const positiveDecimalArb = fc
  .tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 999_999 }))
  .filter(([i, f]) => i > 0 || f > 0)
  .map(([i, f]) => `${i}.${String(f).padStart(6, '0')}`);
