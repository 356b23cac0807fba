import type { z } from 'zod';
import { type FxRate, fxRateSchema } from './fx-rate.js';
import { type Money, moneySchema, multiply } from './money.js';

/** Money converted with an explicit FX rate; it keeps the original amount and the rate, its date and source. */
export const convertedMoneySchema = moneySchema.extend({
  original: moneySchema,
  fx: fxRateSchema,
});

/** A converted amount with its provenance. */
export type ConvertedMoney = z.infer<typeof convertedMoneySchema>;

/**
 * Converts `m` with `fx` (which must be from m's currency), rounded half-even to the target's minor
 * unit. Converting back with `invertFxRate` returns the original within one minor unit whenever one
 * source minor unit is worth at least one target minor unit (USD -> JPY, EUR -> USD); into a coarser
 * currency (JPY -> USD) the target's own rounding dominates and is the expected loss.
 */
export function convert(m: Money, fx: FxRate): ConvertedMoney {
  const rate = fxRateSchema.parse(fx);
  if (rate.from !== m.currency) {
    throw new RangeError(`FX rate is ${rate.from}->${rate.to} but the amount is in ${m.currency}`);
  }
  const target = multiply({ amount: m.amount, currency: rate.to }, rate.rate);
  return { ...target, original: { amount: m.amount, currency: m.currency }, fx: rate };
}
