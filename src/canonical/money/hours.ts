import { z } from 'zod';
import { DECIMAL_STRING, Dec, toDec } from './decimal.js';

/** Hours as a non-negative decimal string (`7.5`, `0.25`); never a float. */
export const hoursSchema = z
  .string()
  .regex(DECIMAL_STRING, 'must be a decimal string like "7.5"')
  // Only a string with a minus sign can be negative: the others skip the decimal parse (this runs on
  // every ingested time event). Not a decimal string: the regex reports it (toDec would throw).
  .refine((h) => !h.startsWith('-') || !DECIMAL_STRING.test(h) || toDec(h).isZero(), 'must not be negative');

/** Signed hours (a correction's delta may be negative). */
export const signedHoursSchema = z.string().regex(DECIMAL_STRING, 'must be a decimal string like "-1.5"');

/** Hours in a decimal string. */
export type Hours = z.infer<typeof hoursSchema>;

/** Whole minutes to hours, exact (`450` -> `"7.5"`; minutes that are not a multiple of 0.6 keep more digits, up to 10). */
export function minutesToHours(minutes: number): Hours {
  if (!Number.isInteger(minutes)) throw new RangeError(`minutes must be a whole number, got ${minutes}`);
  return new Dec(minutes).dividedBy(60).toDecimalPlaces(10, Dec.ROUND_HALF_EVEN).toFixed();
}

/** Hours to whole minutes, rounded half-even (`"7.5"` -> 450). */
export function hoursToMinutes(hours: string): number {
  return toDec(hours).times(60).toDecimalPlaces(0, Dec.ROUND_HALF_EVEN).toNumber();
}

/** ISO 8601 duration with hours/minutes/seconds only (`PT7H30M`) to hours; days count 24 hours. */
export function durationToHours(duration: string): Hours {
  const match = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(duration);
  if (!match || duration === 'P' || duration.endsWith('T')) throw new RangeError(`not an ISO 8601 duration: ${duration}`);
  const [, d = '0', h = '0', m = '0', s = '0'] = match;
  return toDec(d).times(24).plus(toDec(h)).plus(toDec(m).dividedBy(60)).plus(toDec(s).dividedBy(3600))
    .toDecimalPlaces(10, Dec.ROUND_HALF_EVEN).toFixed();
}

/** Exact sum of hour strings. */
export function sumHours(list: readonly string[]): Hours {
  return list.reduce((acc, h) => acc.plus(toDec(h)), new Dec(0)).toFixed();
}

/** Compares two hour amounts exactly (`"7.50"` equals `"7.5"`). */
export function compareHours(a: string, b: string): -1 | 0 | 1 {
  return toDec(a).comparedTo(toDec(b)) as -1 | 0 | 1;
}
