import { Decimal } from 'decimal.js';
import type { MoneyImpact } from '../flows/define-step.js';

/** The business impact stored on an exception: one amount, plus any other currencies described in words. */
export interface SummedImpact {
  amount: string;
  currency: string;
  /** Amounts in other currencies than the first, e.g. "12.50 EUR" (kept visible, never converted here). */
  others: string[];
}

/** Sums impacts per currency with decimal arithmetic (money is never a float). */
export function sumImpact(impact: MoneyImpact | readonly MoneyImpact[] | undefined): SummedImpact | undefined {
  const items = impact === undefined ? [] : Array.isArray(impact) ? impact : [impact as MoneyImpact];
  const totals = new Map<string, Decimal>();
  for (const item of items) {
    const amount = new Decimal(item.amount);
    totals.set(item.currency, (totals.get(item.currency) ?? new Decimal(0)).plus(amount));
  }
  const [first, ...rest] = [...totals.entries()];
  if (!first) return undefined;
  return { amount: first[1].toFixed(), currency: first[0], others: rest.map(([c, a]) => `${a.toFixed()} ${c}`) };
}
