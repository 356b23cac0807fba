import { z } from 'zod';
import { businessDateSchema } from '../primitives.js';
import { currencySchema } from './currencies.js';
import { DECIMAL_STRING, Dec, toDec } from './decimal.js';
import { decimalStringSchema } from './money.js';

/** An exchange rate: 1 `from` = `rate` `to`, valid on `date`, published by `source` (e.g. `ecb`, `netsuite`). */
export const fxRateSchema = z.object({
  from: currencySchema,
  to: currencySchema,
  // A non-decimal rate is already reported by the decimal check (toDec would throw).
  rate: decimalStringSchema.refine((r) => !DECIMAL_STRING.test(r) || toDec(r).greaterThan(0), 'must be greater than zero'),
  date: businessDateSchema,
  source: z.string().min(1),
});

/** An exchange rate with its date and source. */
export type FxRate = z.infer<typeof fxRateSchema>;

/**
 * The inverse rate (to -> from) with `significantDigits` significant digits, same date and source
 * marked as derived, so a converted amount can always say where its rate came from.
 */
export function invertFxRate(fx: FxRate, significantDigits = 20): FxRate {
  const inverse = new Dec(1).dividedBy(toDec(fx.rate)).toSignificantDigits(significantDigits, Dec.ROUND_HALF_EVEN);
  return { from: fx.to, to: fx.from, rate: inverse.toFixed(), date: fx.date, source: `${fx.source}:inverse` };
}
