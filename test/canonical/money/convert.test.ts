import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../../src/canonical/money/decimal.js';
import { type FxRate, convert, convertedMoneySchema, invertFxRate, minorUnitsOf, money } from '../../../src/canonical/money/index.js';
import { currencies, fromUnits, unitsArb } from './arbitraries.js';

const usdToEur: FxRate = { from: 'USD', to: 'EUR', rate: '0.9215', date: '2026-01-30', source: 'ecb' };

describe('convert', () => {
  it('converts half-even to the target minor unit and records rate, date and source', () => {
    const result = convert(money('100.00', 'USD'), usdToEur);
    expect(result).toEqual({
      amount: '92.15', currency: 'EUR', original: { amount: '100.00', currency: 'USD' }, fx: usdToEur,
    });
    expect(convertedMoneySchema.parse(result)).toEqual(result);
    expect(convert(money('10.00', 'USD'), { ...usdToEur, to: 'JPY', rate: '150.25' }).amount).toBe('1502');
  });

  it('refuses a rate for another currency and a non-positive or exponent rate', () => {
    expect(() => convert(money('1', 'GBP'), usdToEur)).toThrow(/USD->EUR/);
    expect(() => convert(money('1', 'USD'), { ...usdToEur, rate: '0' })).toThrow();
    expect(() => convert(money('1', 'USD'), { ...usdToEur, rate: '1e-1' })).toThrow();
    expect(() => convert(money('1', 'USD'), { ...usdToEur, date: '2026-02-30' })).toThrow();
  });

  it('property: converting there and back with the inverse rate is within one minor unit', () => {
    // Holds when one source minor unit is worth at least one target minor unit (see convert's TSDoc).
    const rateArb = fc.integer({ min: 1, max: 10_000_000 }).map((n) => new Dec(n).dividedBy(10_000).toFixed());
    fc.assert(
      fc.property(fc.constantFrom(...currencies), fc.constantFrom(...currencies), unitsArb, rateArb, (from, to, units, rate) => {
        const s = minorUnitsOf(from);
        const t = minorUnitsOf(to);
        fc.pre(new Dec(rate).times(new Dec(10).pow(t - s)).greaterThanOrEqualTo(1));
        const original = money(fromUnits(units, s), from);
        const fx: FxRate = { from, to, rate, date: '2026-03-31', source: 'test' };
        const there = convert(original, fx);
        const back = convert({ amount: there.amount, currency: there.currency }, invertFxRate(fx));
        expect(back.currency).toBe(from);
        expect(new Dec(back.amount).minus(original.amount).abs().lessThanOrEqualTo(new Dec(10).pow(-s))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
