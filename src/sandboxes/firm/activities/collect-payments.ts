/**
 * Accounts receivable: clients pay the invoices the hub issued in the ERP — most on time, some late,
 * some partially. Each invoice gets its plan the first time the clerk sees it.
 */
import { Decimal } from 'decimal.js';
import { addDays } from '../calendar.js';
import { type FirmContext, pickWeighted, recordActivity } from '../firm-context.js';
import type { Payment } from '../firm-model.js';
import { FirmApiError } from '../http/http-request.js';

const behaviourMix: ReadonlyArray<readonly [Payment['kind'], number]> = [['on_time', 0.6], ['late', 0.25], ['partial', 0.15]];

function field(row: Record<string, unknown>, name: string): unknown {
  const value = row[name] ?? row[name.toLowerCase()];
  if (value !== null && typeof value === 'object' && 'id' in value) return (value as { id: unknown }).id;
  return value;
}

/** Plans payments for newly seen open invoices and records the payments due on `date`. */
export async function collectPayments(context: FirmContext, date: string): Promise<void> {
  const { netsuite, state, random } = context;
  if (!netsuite) return;
  // SuiteQL over invoices: https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_156257770590.html
  const open = await netsuite.suiteql(
    "SELECT id, entity, currency, amountremaining, TO_CHAR(duedate, 'YYYY-MM-DD') AS duedate, TO_CHAR(trandate, 'YYYY-MM-DD') AS trandate FROM invoice WHERE amountremaining > 0 ORDER BY id",
  );
  for (const row of open) {
    const invoiceId = String(field(row, 'id'));
    if (state.paymentPlans.some((plan) => plan.invoiceId === invoiceId)) continue;
    const remaining = new Decimal(String(field(row, 'amountremaining')));
    const due = String(field(row, 'duedate') ?? field(row, 'trandate') ?? date).slice(0, 10);
    const kind = pickWeighted(random, behaviourMix);
    const payments =
      kind === 'on_time' ? [{ date: due, amount: remaining.toFixed(2), kind }]
      : kind === 'late' ? [{ date: addDays(due, random.int(10, 40)), amount: remaining.toFixed(2), kind }]
      : [{ date: due, amount: remaining.dividedBy(2).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2), kind }];
    state.paymentPlans.push({ invoiceId, customerId: String(field(row, 'entity')), currency: String(field(row, 'currency') ?? ''), payments });
  }
  for (const plan of state.paymentPlans) {
    for (const planned of plan.payments.filter((p) => p.date <= date)) {
      plan.payments.splice(plan.payments.indexOf(planned), 1);
      const payment: Payment = {
        key: context.nextKey('R', 4), invoiceId: plan.invoiceId, customerId: plan.customerId, date, amount: planned.amount,
        currency: plan.currency, kind: planned.kind, paymentId: null,
      };
      // customerPayment with an apply sublist line per invoice paid.
      try {
        payment.paymentId = await netsuite.create('customerPayment', {
          customer: { id: plan.customerId }, tranDate: date, payment: Number(planned.amount),
          apply: { items: [{ doc: { id: plan.invoiceId }, apply: true, amount: Number(planned.amount) }] },
        });
      } catch (error) {
        if (!(error instanceof FirmApiError)) throw error;
        recordActivity(context, { date, action: `payment.${planned.kind}`, key: payment.key, outcome: 'refused', detail: error.message });
        continue;
      }
      state.payments.push(payment);
      recordActivity(context, { date, action: `payment.${planned.kind}`, key: payment.key, outcome: 'done' });
    }
  }
}
