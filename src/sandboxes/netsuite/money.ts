import { Decimal } from 'decimal.js';

/**
 * Decimal arithmetic for the sandbox's amounts: computed with decimal.js, rounded half-even to the
 * currency's precision, stored as strings, sent as JSON numbers (as NetSuite does on the wire).
 */
export const SandboxDecimal = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });

/** A decimal value of the sandbox's arithmetic. */
export type SandboxDecimalValue = Decimal;

/** A decimal from a stored string or a wire number; missing values count as zero. */
export function dec(value: unknown): Decimal {
  if (value === undefined || value === null || value === '') return new SandboxDecimal(0);
  return new SandboxDecimal(value as Decimal.Value);
}

/** Rounds half-even to `places` decimal places and returns the canonical decimal string. */
export function roundHalfEven(value: Decimal, places: number): string {
  return value.toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN).toFixed(places);
}
