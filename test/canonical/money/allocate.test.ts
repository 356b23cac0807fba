import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../../src/canonical/money/decimal.js';
import { allocate, allocateEvenly, minorUnitsOf, money, sum } from '../../../src/canonical/money/index.js';
import { currencies, fromUnits, positiveDecimalArb, unitsArb } from './arbitraries.js';

describe('allocate', () => {
  it('splits 100.00 three ways exactly, earlier parts taking the extra cent', () => {
    expect(allocateEvenly(money('100', 'USD'), 3).map((m) => m.amount)).toEqual(['33.34', '33.33', '33.33']);
    expect(allocateEvenly(money('-100', 'USD'), 3).map((m) => m.amount)).toEqual(['-33.34', '-33.33', '-33.33']);
  });

  it('gives leftover units to the largest remainders', () => {
    // 5 cents by 0.5:0.25:0.25 -> exact 2.5, 1.25, 1.25 cents: floors 2,1,1 and the leftover cent goes to the 0.5 remainder
    expect(allocate(money('0.05', 'USD'), ['0.5', '0.25', '0.25']).map((m) => m.amount)).toEqual(['0.03', '0.01', '0.01']);
    expect(allocate(money('7', 'JPY'), ['1', '2', '0']).map((m) => m.amount)).toEqual(['2', '5', '0']);
  });

  it('rejects bad input', () => {
    expect(() => allocate(money('1.005', 'USD'), ['1'])).toThrow(/round it first/);
    expect(() => allocate(money('1', 'USD'), [])).toThrow();
    expect(() => allocate(money('1', 'USD'), ['0', '0'])).toThrow();
    expect(() => allocate(money('1', 'USD'), ['-1', '2'])).toThrow();
    expect(() => allocateEvenly(money('1', 'USD'), 0)).toThrow();
  });

  it('property: parts sum exactly and each is within one minor unit of its exact share', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...currencies), unitsArb, fc.array(positiveDecimalArb, { minLength: 1, maxLength: 12 }),
        (currency, units, ratios) => {
          const digits = minorUnitsOf(currency);
          const total = money(fromUnits(units, digits), currency);
          const parts = allocate(total, ratios);
          expect(parts).toHaveLength(ratios.length);
          expect(sum(parts, currency).amount).toBe(total.amount);
          const weightSum = ratios.reduce((acc, r) => acc.plus(r), new Dec(0));
          const unit = new Dec(10).pow(-digits);
          parts.forEach((part, i) => {
            expect(new Dec(part.amount).decimalPlaces()).toBeLessThanOrEqual(digits);
            const exact = new Dec(total.amount).times(ratios[i]!).dividedBy(weightSum);
            expect(new Dec(part.amount).minus(exact).abs().lessThan(unit)).toBe(true);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: deterministic for the same input', () => {
    fc.assert(
      fc.property(unitsArb, fc.array(positiveDecimalArb, { minLength: 1, maxLength: 6 }), (units, ratios) => {
        const total = money(fromUnits(units, 2), 'EUR');
        expect(allocate(total, ratios)).toEqual(allocate(total, [...ratios]));
      }),
      { numRuns: 100 },
    );
  });
});
