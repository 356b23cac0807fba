/** Expenses: consultants on the road file them on Friday in their home currency; approvers decide on Monday. */
import { Decimal } from 'decimal.js';
import { addDays } from '../calendar.js';
import { type FirmContext, recordActivity } from '../firm-context.js';
import type { Expense } from '../firm-model.js';
import { byKey } from '../firm-model.js';
import { expenseFields } from '../psa-fields.js';
import { expenseTypes, legalEntity } from '../reference-data.js';

const EXPENSE = 'pse__Expense__c';
const EXPENSE_RATE = 0.25;
const amountRange: Record<(typeof expenseTypes)[number], [number, number]> = {
  Airfare: [180, 950], Lodging: [120, 420], Meals: [15, 95], Taxi: [12, 140], Mileage: [20, 160],
};

/** Friday: for some of this week's timecards, the consultant files one or two expenses (one expense report). */
export async function fileWeekExpenses(context: FirmContext, friday: string, monday: string): Promise<void> {
  const { state, random, salesforce } = context;
  const thisWeek = state.timecards.filter((t) => t.weekStart === monday && t.timecardId !== null && !t.afterProjectEnd);
  const drafts: Expense[] = [];
  for (const timecard of thisWeek) {
    if (!random.chance(EXPENSE_RATE)) continue;
    const assignment = byKey(state.assignments, timecard.assignmentKey);
    const project = byKey(state.projects, assignment.projectKey);
    const consultant = byKey(state.consultants, assignment.consultantKey);
    const workedDays = timecard.halfHours.map((value, index) => (value > 0 ? index : -1)).filter((index) => index >= 0);
    const count = random.int(1, 2);
    for (let index = 0; index < count; index += 1) {
      const type = random.pick(expenseTypes);
      const [min, max] = amountRange[type];
      drafts.push({
        key: context.nextKey('X', 5), assignmentKey: assignment.key, date: addDays(monday, random.pick(workedDays)), type,
        amount: new Decimal(random.int(min * 100, max * 100)).dividedBy(100).toFixed(2),
        // Spent where the consultant's card is issued: cross-entity staffing yields foreign-currency expenses.
        currency: legalEntity(consultant.entity).currency,
        billable: project.billable && project.billingModel === 'time_and_materials', status: 'Submitted', expenseId: null,
      });
    }
  }
  if (drafts.length === 0) return;
  const outcomes = await salesforce.createMany(EXPENSE, drafts.map((expense) => {
    const assignment = byKey(state.assignments, expense.assignmentKey);
    const project = byKey(state.projects, assignment.projectKey);
    const consultant = byKey(state.consultants, assignment.consultantKey);
    return expenseFields(expense, { projectId: project.projectId!, contactId: consultant.contactId!, assignmentId: assignment.assignmentId! });
  }));
  outcomes.forEach((outcome, index) => {
    const expense = drafts[index]!;
    if (!outcome.ok) {
      recordActivity(context, { date: friday, action: 'expense.submitted', key: expense.key, outcome: 'refused', detail: outcome.reason });
      return;
    }
    expense.expenseId = outcome.id;
    state.expenses.push(expense);
    recordActivity(context, { date: friday, action: 'expense.submitted', key: expense.key, outcome: 'done' });
  });
}

/** Monday: approvers decide on submitted expenses in one bulk action. */
export async function approveExpenses(context: FirmContext, monday: string): Promise<void> {
  const { state, random, salesforce, options } = context;
  const pending = state.expenses.filter((e) => e.status === 'Submitted' && e.date < monday);
  if (pending.length === 0) return;
  const decisions = pending.map((expense) => ({ expense, status: random.chance(options.dirt.expenseRejectRate) ? ('Rejected' as const) : ('Approved' as const) }));
  const outcomes = await salesforce.updateMany(EXPENSE, decisions.map(({ expense, status }) => ({ id: expense.expenseId!, fields: { pse__Status__c: status } })));
  outcomes.forEach((outcome, index) => {
    const { expense, status } = decisions[index]!;
    const action = `expense.${status.toLowerCase()}`;
    if (outcome.ok) expense.status = status;
    recordActivity(context, { date: monday, action, key: expense.key, outcome: outcome.ok ? 'done' : 'refused', ...(outcome.ok ? {} : { detail: outcome.reason }) });
  });
}
