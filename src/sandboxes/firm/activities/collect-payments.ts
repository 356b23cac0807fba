/**
 * Accounts receivable: clients pay the invoices the hub issued in the ERP — most on time, some late,
 * some only partially. Once a week the clerk reviews open invoices (each gets its plan the first time
 * it is seen); on working days payments that came in are recorded.
 */
import { Decimal } from 'decimal.js';
import { addDays } from '../calendar.js';
import { type FirmContext, pickWeighted, recordActivity } from '../firm-context.js';
import type { Payment } from '../firm-model.js';
import { FirmApiError } from '../http/http-request.js';

const behaviourMix: ReadonlyArray<readonly [Payment['kind'], number]> = [['on_time', 0.6], ['late', 0.25], ['partial', 0.15]];

function column(row: Record<string, unknown>, name: string): string | undefined {
  const value = row[name];
  return value === undefined || value === null ? undefined : String(value);
}

/** Reviews open invoices and plans how each new one will be paid. */
export async function reviewOpenInvoices(context: FirmContext, date: string): Promise<void> {
  const { netsuite, state, random } = context;
  if (!netsuite) return;
  // SuiteQL (columns are lower case; references come as internal ids; dates need TO_CHAR for ISO):
  // https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_156257770590.html
  if (Object.keys(state.currencyCodes).length === 0) {
    for (const row of await netsuite.suiteql('SELECT id, symbol FROM currency')) state.currencyCodes[String(row.id)] = String(row.symbol);
  }
  const open = await netsuite.suiteql(
    "SELECT id, entity, currency, amountremaining, TO_CHAR(duedate, 'YYYY-MM-DD') AS duedate, TO_CHAR(trandate, 'YYYY-MM-DD') AS trandate FROM invoice WHERE amountremaining > 0 ORDER BY id",
  );
  for (const row of open) {
    const invoiceId = column(row, 'id')!;
    if (state.paymentPlans.some((plan) => plan.invoiceId === invoiceId)) continue;
    const remaining = new Decimal(column(row, 'amountremaining') ?? '0');
    const due = column(row, 'duedate') ?? addDays(column(row, 'trandate') ?? date, 30);
    const onOrBeforeDue = (days: number) => {
      const planned = addDays(due, -days);
      return planned < date ? date : planned;
    };
    const kind = pickWeighted(random, behaviourMix);
    const payments =
      kind === 'on_time' ? [{ date: onOrBeforeDue(random.int(0, 7)), amount: remaining.toFixed(2), kind }]
      : kind === 'late' ? [{ date: addDays(due, random.int(10, 40)), amount: remaining.toFixed(2), kind }]
      : [{ date: onOrBeforeDue(0), amount: remaining.times(random.pick(['0.5', '0.75', '0.9'])).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2), kind }];
    const currencyId = column(row, 'currency');
    state.paymentPlans.push({
      invoiceId, customerId: column(row, 'entity')!, currency: currencyId ? (state.currencyCodes[currencyId] ?? currencyId) : '', payments,
    });
  }
}

/** Records the customer payments that came in by `date`, each applied to its invoice. */
export async function recordPaymentsReceived(context: FirmContext, date: string): Promise<void> {
  const { netsuite, state } = context;
  if (!netsuite) return;
  for (const plan of state.paymentPlans) {
    for (const planned of plan.payments.filter((p) => p.date <= date)) {
      plan.payments.splice(plan.payments.indexOf(planned), 1);
      const payment: Payment = {
        key: context.nextKey('R', 4), invoiceId: plan.invoiceId, customerId: plan.customerId, date, amount: planned.amount,
        currency: plan.currency, kind: planned.kind, paymentId: null,
      };
      try {
        // customerPayment with one apply line for the invoice paid.
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
