import { Decimal } from 'decimal.js';

/**
 * The one configured decimal constructor for money and hours. A private clone, so no other module's
 * settings (or the library's global defaults: 20 significant digits, half-up) ever leak into money
 * arithmetic. 64 significant digits keeps any realistic amount x rate x factor exact; rounding is
 * half-even (banker's rounding), and exponent notation is never produced.
 */
export const Dec = Decimal.clone({
  precision: 64,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -1_000,
  toExpPos: 1_000,
});

/** A value of the configured decimal constructor. */
export type Dec = InstanceType<typeof Dec>;

/** Plain decimal string: optional minus, digits, optional fraction. No exponent, no plus sign, no spaces. */
export const DECIMAL_STRING = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

/** True when `value` is a plain decimal string (see {@link DECIMAL_STRING}). */
export function isDecimalString(value: string): boolean {
  return DECIMAL_STRING.test(value);
}

/** Parses a plain decimal string; throws on anything else (numbers are refused on purpose). */
export function toDec(value: string): Dec {
  if (typeof value !== 'string' || !isDecimalString(value)) {
    throw new TypeError(`not a decimal string: ${JSON.stringify(value)}`);
  }
  return new Dec(value);
}

/**
 * True when two decimal strings are the same number (`"150"` and `"150.00"`). A vendor that answers
 * JSON numbers is compared through `String(n)`, never through float arithmetic; anything that is not a
 * decimal string is simply not the same.
 */
export function sameDecimal(a: string, b: string): boolean {
  return isDecimalString(a) && isDecimalString(b) && new Dec(a).equals(new Dec(b));
}

/** Formats with at least `minScale` fraction digits and never as `-0`. */
export function formatDec(value: Dec, minScale: number): string {
  const scale = Math.max(minScale, value.decimalPlaces());
  const text = value.toFixed(scale);
  return /^-0(?:\.0+)?$/.test(text) ? text.slice(1) : text;
}
