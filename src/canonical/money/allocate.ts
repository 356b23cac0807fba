import { currencySchema, minorUnitsOf } from './currencies.js';
import { Dec, toDec } from './decimal.js';
import { type Money, decOf, fromDec } from './money.js';

/**
 * Splits `total` into parts proportional to `ratios` that add up EXACTLY to `total` (invoice lines,
 * tax, revenue splits). Works in whole minor units: each part first gets its exact share rounded
 * toward zero, then the leftover units go one each to the parts with the largest remainders; equal
 * remainders go to the earlier part, so the result is deterministic. Every part is within one minor
 * unit of its exact share. `total` must already be at the currency's minor unit (round it first);
 * ratios are non-negative decimal strings with a positive sum. A negative total splits like its
 * absolute value, negated.
 */
export function allocate(total: Money, ratios: readonly string[]): Money[] {
  const currency = currencySchema.parse(total.currency);
  const digits = minorUnitsOf(currency);
  if (ratios.length === 0) throw new RangeError('allocate needs at least one ratio');
  const weights = ratios.map((ratio) => {
    const weight = toDec(ratio);
    if (weight.isNegative() && !weight.isZero()) throw new RangeError(`ratio must not be negative: ${ratio}`);
    return weight;
  });
  const weightSum = weights.reduce((acc, w) => acc.plus(w), new Dec(0));
  if (weightSum.isZero()) throw new RangeError('ratios must not all be zero');

  const scale = new Dec(10).pow(digits);
  const units = decOf(total).times(scale);
  if (!units.isInteger()) {
    throw new RangeError(`total ${total.amount} ${currency} has more digits than the minor unit: round it first`);
  }
  const sign = units.isNegative() ? -1 : 1;
  const totalUnits = units.abs();

  const shares = weights.map((w) => totalUnits.times(w).dividedBy(weightSum));
  const parts = shares.map((share) => share.floor());
  let leftover = totalUnits.minus(parts.reduce((acc, p) => acc.plus(p), new Dec(0))).toNumber();
  const byRemainder = shares
    .map((share, index) => ({ index, remainder: share.minus(share.floor()) }))
    .sort((a, b) => b.remainder.comparedTo(a.remainder) || a.index - b.index);
  for (const { index } of byRemainder) {
    if (leftover <= 0) break;
    parts[index] = parts[index]!.plus(1);
    leftover -= 1;
  }
  return parts.map((p) => fromDec(p.times(sign).dividedBy(scale), currency));
}

/** Splits `total` into `n` parts as equal as possible, summing exactly; earlier parts take the extra units. */
export function allocateEvenly(total: Money, n: number): Money[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`allocateEvenly needs a positive whole number of parts, got ${n}`);
  return allocate(total, Array.from({ length: n }, () => '1'));
}
