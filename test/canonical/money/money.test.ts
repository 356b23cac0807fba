import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../../src/canonical/money/decimal.js';
import {
  add, compare, equals, isNegative, isZero, money, moneySchema, multiply, multiplyExact, negate, postableMoneySchema,
  roundToMinorUnit, subtract, sum,
} from '../../../src/canonical/money/index.js';
import { currencies, fromUnits, unitsArb } from './arbitraries.js';

describe('money', () => {
  it('normalises to at least the minor unit and keeps extra digits', () => {
    expect(money('5', 'USD')).toEqual({ amount: '5.00', currency: 'USD' });
    expect(money('5', 'JPY')).toEqual({ amount: '5', currency: 'JPY' });
    expect(money('1.5', 'KWD')).toEqual({ amount: '1.500', currency: 'KWD' });
    expect(money('0.12345', 'USD').amount).toBe('0.12345');
    expect(money('-0', 'USD').amount).toBe('0.00');
  });

  it('refuses numbers, exponents and unknown currencies', () => {
    expect(() => money('1e3', 'USD')).toThrow(/decimal string/);
    expect(() => money(' 1', 'USD')).toThrow();
    expect(() => money(1 as unknown as string, 'USD')).toThrow();
    expect(() => money('1', 'XXX')).toThrow();
    expect(moneySchema.safeParse({ amount: 10, currency: 'USD' }).success).toBe(false);
    expect(moneySchema.safeParse({ amount: '1.2e2', currency: 'USD' }).success).toBe(false);
    expect(moneySchema.safeParse({ amount: '01.20', currency: 'USD' }).success).toBe(false);
    expect(moneySchema.safeParse({ amount: '-12.50', currency: 'EUR' }).success).toBe(true);
  });

  it('postable money has no more digits than the minor unit', () => {
    expect(postableMoneySchema.safeParse({ amount: '1.23', currency: 'USD' }).success).toBe(true);
    expect(postableMoneySchema.safeParse({ amount: '1.234', currency: 'USD' }).success).toBe(false);
    expect(postableMoneySchema.safeParse({ amount: '1.5', currency: 'JPY' }).success).toBe(false);
    expect(postableMoneySchema.safeParse({ amount: '1.234', currency: 'KWD' }).success).toBe(true);
  });

  it.each([
    ['2.345', 'USD', '2.34'], ['2.355', 'USD', '2.36'], ['2.3450001', 'USD', '2.35'], ['-2.345', 'USD', '-2.34'],
    ['0.5', 'JPY', '0'], ['1.5', 'JPY', '2'], ['2.5', 'JPY', '2'], ['-2.5', 'JPY', '-2'],
    ['1.2345', 'KWD', '1.234'], ['1.2355', 'KWD', '1.236'], ['0.0005', 'KWD', '0.000'],
  ])('rounds %s %s half-even to %s', (amount, currency, expected) => {
    expect(roundToMinorUnit(money(amount, currency)).amount).toBe(expected);
  });

  it('does not use the global decimal defaults (20 digits, half-up)', () => {
    expect(Dec.precision).toBeGreaterThanOrEqual(40);
    expect(Dec.rounding).toBe(Dec.ROUND_HALF_EVEN);
    const big = money('123456789012345678901234.56', 'USD');
    expect(add(big, money('0.01', 'USD')).amount).toBe('123456789012345678901234.57');
  });

  it('multiply rounds; multiplyExact keeps every digit', () => {
    const rate = money('150.00', 'USD');
    expect(multiply(rate, '7.25').amount).toBe('1087.50');
    expect(multiplyExact(money('0.10', 'USD'), '0.333').amount).toBe('0.0333');
    expect(multiply(money('0.10', 'USD'), '0.333').amount).toBe('0.03');
  });

  it('refuses to mix currencies', () => {
    expect(() => add(money('1', 'USD'), money('1', 'EUR'))).toThrow(/USD and EUR/);
    expect(() => sum([money('1', 'USD'), money('1', 'EUR')], 'USD')).toThrow(/EUR/);
    expect(() => compare(money('1', 'USD'), money('1', 'GBP'))).toThrow();
  });

  it('sum of nothing is zero; compare, negate, isZero, equals', () => {
    expect(sum([], 'KWD')).toEqual({ amount: '0.000', currency: 'KWD' });
    expect(compare(money('1.10', 'USD'), money('1.1', 'USD'))).toBe(0);
    expect(compare(money('-1', 'USD'), money('1', 'USD'))).toBe(-1);
    expect(negate(money('1.25', 'USD')).amount).toBe('-1.25');
    expect(negate(money('0', 'USD')).amount).toBe('0.00');
    expect(isZero(money('0.000', 'USD'))).toBe(true);
    expect(isNegative(money('-0.01', 'USD'))).toBe(true);
    expect(equals(money('1.5', 'USD'), money('1.50', 'USD'))).toBe(true);
  });

  it('property: addition is commutative and associative, and sum equals the integer sum of minor units', () => {
    fc.assert(
      fc.property(fc.constantFrom(...currencies), fc.array(unitsArb, { maxLength: 30 }), (currency, units) => {
        const digits = money('0', currency).amount.split('.')[1]?.length ?? 0;
        const items = units.map((u) => money(fromUnits(u, digits), currency));
        const expected = fromUnits(units.reduce((a, b) => a + b, 0n), digits);
        expect(sum(items, currency).amount).toBe(expected);
        expect(sum([...items].reverse(), currency).amount).toBe(expected);
        if (items.length >= 3) {
          const [a, b, c] = items as [typeof items[0], typeof items[0], typeof items[0]];
          expect(add(add(a, b), c)).toEqual(add(a, add(b, c)));
          expect(add(a, b)).toEqual(add(b, a));
          expect(subtract(add(a, b), b)).toEqual(a);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('property: roundToMinorUnit matches a bigint half-even reference', () => {
    fc.assert(
      fc.property(fc.constantFrom(...currencies), unitsArb, fc.integer({ min: 1, max: 4 }), (currency, raw, extra) => {
        const digits = money('0', currency).amount.split('.')[1]?.length ?? 0;
        const scale = 10n ** BigInt(extra);
        // reference: round raw / scale (in minor units) half to even
        const negative = raw < 0n;
        const abs = negative ? -raw : raw;
        let quotient = abs / scale;
        const twice = (abs % scale) * 2n;
        if (twice > scale || (twice === scale && quotient % 2n === 1n)) quotient += 1n;
        const expected = fromUnits(negative ? -quotient : quotient, digits);
        const rounded = roundToMinorUnit(money(fromUnits(raw, digits + extra), currency)).amount;
        expect(rounded).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});
