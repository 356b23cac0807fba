import { Decimal } from 'decimal.js';

/**
 * NetSuite timeBill `hours` is a duration: `H:MM` on the wire ([U]: some accounts read it as a
 * decimal number). Decimal hours that are whole minutes go out as `H:MM`; anything finer stays a
 * decimal string rather than being rounded away.
 */
export function hoursToDuration(hours: string): string {
  const value = new Decimal(hours);
  const minutes = value.times(60);
  if (!minutes.isInteger() || value.isNegative()) return value.toString();
  const whole = minutes.dividedToIntegerBy(60);
  const rest = minutes.minus(whole.times(60));
  return `${whole.toString()}:${rest.toString().padStart(2, '0')}`;
}

/** Reads `hours` as NetSuite returns it (`H:MM`, a decimal string or a number) into decimal-string hours. */
export function durationToHours(value: unknown): string {
  if (typeof value === 'number') return new Decimal(value).toString();
  const text = String(value ?? '').trim();
  const duration = /^(\d+):([0-5]\d)$/.exec(text);
  if (duration) return new Decimal(duration[1]!).plus(new Decimal(duration[2]!).dividedBy(60)).toDecimalPlaces(6).toString();
  if (/^-?\d+(\.\d+)?$/.test(text)) return new Decimal(text).toString();
  throw new RangeError(`not a NetSuite duration: ${JSON.stringify(value)}`);
}
