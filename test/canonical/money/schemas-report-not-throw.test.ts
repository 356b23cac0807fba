import { describe, expect, it } from 'vitest';
import { fxRateSchema } from '../../../src/canonical/money/fx-rate.js';
import { hoursSchema } from '../../../src/canonical/money/hours.js';
import { postableMoneySchema } from '../../../src/canonical/money/money.js';

// safeParse is how every boundary validates: a bad value must come back as an issue with its path,
// never as an exception that fails a whole batch.
describe('money schemas report bad decimals instead of throwing', () => {
  it('postable money with a non-decimal amount', () => {
    const result = postableMoneySchema.safeParse({ amount: 'abc', currency: 'USD' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['amount']);
  });

  it('postable money still refuses more decimals than the currency has', () => {
    const result = postableMoneySchema.safeParse({ amount: '1.005', currency: 'USD' });
    expect(result.error?.issues[0]?.message).toMatch(/minor unit/);
    expect(postableMoneySchema.safeParse({ amount: '1.05', currency: 'USD' }).success).toBe(true);
  });

  it('an exchange rate that is not a decimal, or not positive', () => {
    const base = { from: 'USD', to: 'EUR', date: '2026-01-05', source: 'ecb' };
    const notDecimal = fxRateSchema.safeParse({ ...base, rate: 'x' });
    expect(notDecimal.success).toBe(false);
    expect(notDecimal.error?.issues.map((i) => i.path.join('.'))).toEqual(['rate']);
    expect(fxRateSchema.safeParse({ ...base, rate: '0' }).error?.issues[0]?.message).toMatch(/greater than zero/);
    expect(fxRateSchema.safeParse({ ...base, rate: '0.9150' }).success).toBe(true);
  });

  it('hours that are not a decimal', () => {
    expect(hoursSchema.safeParse('eight').success).toBe(false);
  });
});
