/**
 * The ground truth: what a perfect integration must end with, derived from what the firm's people
 * actually did and what stands in the PSA at the end (corrections replace, rejections are excluded).
 */
import { Decimal } from 'decimal.js';
import { addDays, addMonths, monthEnd, monthOf } from './calendar.js';
import type { Project } from './firm-model.js';
import type { FirmState } from './firm-model.js';
import { byKey } from './firm-model.js';

/** One worker x project x day of an Approved timecard, as it stands at the end. */
export interface GroundTruthTimeLine {
  timecardKey: string;
  timecardId: string;
  workDate: string;
  resourceId: string;
  employeeId: string;
  projectId: string;
  projectKey: string;
  hours: string;
  billRate: string;
  currency: string;
  billable: boolean;
  /** hours x bill rate, rounded half-even to cents (zero when not billable). */
  amount: string;
  afterProjectEnd: boolean;
  crossEntity: boolean;
}

/**
 * An approved line a correct integration must NOT post, and the exception it must hold it as instead
 * (the hub's time-to-ledger categories): what finance is told about, line by line.
 */
export interface GroundTruthTimeException {
  timecardKey: string;
  timecardId: string;
  workDate: string;
  category: 'project_closed' | 'currency_mismatch' | 'missing_rate' | 'impossible_day';
  reason: string;
}

/** Per project and currency, what should be billed and posted (approved lines less those a correct hub holds as exceptions). */
export interface GroundTruthProjectTotals {
  projectKey: string;
  projectId: string;
  billingModel: string;
  currency: string;
  knownToHub: boolean;
  billableHours: string;
  nonBillableHours: string;
  billableTimeAmount: string;
  milestonesBillable: string;
  approvedExpensesByCurrency: Record<string, string>;
  /** Approved time by currency (a project bills in one currency, so one key): non-billable amount is its value at the bill rate, written off. */
  timeByCurrency: Record<string, { billableHours: string; nonBillableHours: string; billableAmount: string; nonBillableAmount: string }>;
  /** Every billing milestone with its state; `purpose` tells delivery, retainer month and change order apart. */
  milestones: Array<{ milestoneKey: string; milestoneId: string; purpose: string; amount: string; currency: string; targetDate: string; completedOn: string | null }>;
  milestonesBillableCount: number;
  /** Retainer and subscription: the fixed monthly fee, term and whether it bills in advance or arrears. */
  recurringFee: { monthlyFee: string; months: number; billedIn: 'advance' | 'arrears' } | null;
  /** Sold value: the deal's amount plus its amendments' (null for projects unknown to the hub). */
  contractValue: string | null;
  amendmentKeys: string[];
  /** The invoices a perfect integration has issued by the end date (see docs/sandboxes/README.md, "Expected invoices"). */
  expectedInvoices: GroundTruthExpectedInvoice[];
  /** Billable time approved but not yet due on an invoice (its month has not ended). */
  unbilledTimeAmount: string;
}

/** One invoice a perfect integration must have issued by the end of the period. */
export interface GroundTruthExpectedInvoice {
  invoiceKey: string;
  projectKey: string;
  projectId: string;
  /** time: T&M hours of a month; milestone: a completed delivery or change-order milestone; retainer: a completed retainer month; subscription: a service month in advance; expenses: billable expenses of a month. */
  kind: 'time' | 'milestone' | 'retainer' | 'subscription' | 'expenses';
  date: string;
  periodStart: string;
  periodEnd: string;
  currency: string;
  amount: string;
  /** Timecard, milestone or expense keys the invoice bills (empty for subscription months). */
  sourceKeys: string[];
}

/** A contract amendment (change order) as booked in Salesforce and the PSA. */
export interface GroundTruthAmendment {
  amendmentKey: string;
  opportunityId: string;
  dealKey: string;
  projectKey: string;
  projectId: string;
  kind: 'rate_change' | 'added_hours' | 'added_milestone';
  signedOn: string;
  effectiveDate: string;
  amount: string;
  currency: string;
  assignmentIdBefore: string | null;
  assignmentIdAfter: string | null;
  billRateBefore: string | null;
  billRateAfter: string | null;
  addedHours: string | null;
  newEndDate: string | null;
  milestoneId: string | null;
}

export interface GroundTruth {
  seed: number;
  startDate: string;
  endDate: string;
  approvedLines: GroundTruthTimeLine[];
  /** Approved lines that must be held as exceptions rather than posted, with the category (see {@link expectedTimeExceptionsOf}). */
  expectedTimeExceptions: GroundTruthTimeException[];
  rejectedTimecards: Array<{ timecardKey: string; timecardId: string; resourceId: string; projectId: string; weekStart: string; hours: string }>;
  pendingTimecards: Array<{ timecardKey: string; timecardId: string; status: string; weekStart: string; hours: string }>;
  correctedTimecards: Array<{ timecardKey: string; timecardId: string; correctedOn: string; hoursBefore: string; hoursAfter: string }>;
  refusedTimecards: Array<{ timecardKey: string; projectId: string; weekStart: string; reason: string }>;
  approvedExpenses: Array<{ expenseKey: string; expenseId: string; resourceId: string; projectId: string; date: string; type: string; amount: string; currency: string; billable: boolean }>;
  completedMilestones: Array<{ milestoneKey: string; milestoneId: string; projectId: string; completedOn: string; amount: string; currency: string }>;
  deals: Array<{
    dealKey: string; opportunityId: string; accountId: string; billingModel: string; amount: string; currency: string; closeDate: string;
    /** Retainer and subscription terms; the subscription's Contract id. */
    monthlyFee: string | null; termMonths: number | null; contractId: string | null;
  }>;
  projects: GroundTruthProjectTotals[];
  amendments: GroundTruthAmendment[];
  accounts: Array<{ clientKey: string; accountId: string; name: string; entity: string; taxIdMissing: boolean; duplicateOf: string | null }>;
  workers: Array<{ consultantKey: string; employeeId: string; contactId: string; name: string; role: string; entity: string; costRate: string; hireDate: string; terminationDate: string | null }>;
  hrEvents: FirmState['hrEvents'];
  payments: Array<{ paymentKey: string; paymentId: string; invoiceId: string; date: string; amount: string; currency: string; kind: string }>;
  dirt: {
    duplicateAccounts: number;
    missingTaxIds: number;
    unknownProjects: number;
    timecardsAfterProjectEnd: number;
    timecardsRefusedOnClosedProjects: number;
    crossEntityAssignments: number;
    rejectedTimecards: number;
    correctedTimecards: number;
    /** Billable assignments without a bill rate. */
    missingRateAssignments: number;
    /** Assignments whose rate is in another currency than their project's. */
    wrongCurrencyAssignments: number;
    /** Worker days booked past 24 hours over several timecards. */
    overbookedDays: number;
  };
}

const hoursText = (halfHours: number) => new Decimal(halfHours).dividedBy(2).toFixed(2);
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const money = (value: Decimal) => value.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2);

/** Computes the ground truth from the firm's final state. Pure: same state, same JSON. */
export function computeGroundTruth(state: FirmState, period: { seed: number; startDate: string; endDate: string }): GroundTruth {
  const approvedLines: GroundTruthTimeLine[] = [];
  for (const timecard of state.timecards.filter((t) => t.status === 'Approved' && t.timecardId !== null)) {
    const assignment = byKey(state.assignments, timecard.assignmentKey);
    const project = byKey(state.projects, assignment.projectKey);
    const consultant = byKey(state.consultants, assignment.consultantKey);
    timecard.halfHours.forEach((halfHours, dayIndex) => {
      if (halfHours === 0) return;
      const hours = new Decimal(halfHours).dividedBy(2);
      approvedLines.push({
        timecardKey: timecard.key, timecardId: timecard.timecardId!, workDate: addDays(timecard.weekStart, dayIndex),
        resourceId: consultant.contactId!, employeeId: consultant.employeeId, projectId: project.projectId!, projectKey: project.key,
        hours: hours.toFixed(2), billRate: assignment.billRate, currency: assignment.currency, billable: assignment.billable,
        amount: assignment.billable ? money(hours.times(assignment.billRate)) : '0.00',
        afterProjectEnd: timecard.afterProjectEnd, crossEntity: assignment.crossEntity,
      });
    });
  }

  // Lines a correct hub holds (wrong currency, no rate, overbooked day) are neither posted nor billed
  // until someone fixes them: project totals and expected invoices count only the lines that post.
  const expectedTimeExceptions = expectedTimeExceptionsOf(state, approvedLines);
  const held = new Set(expectedTimeExceptions.map((e) => `${e.timecardId}:${e.workDate}`));
  const projects = state.projects.map((project): GroundTruthProjectTotals => {
    const lines = approvedLines.filter((line) => line.projectKey === project.key && !held.has(`${line.timecardId}:${line.workDate}`));
    const expensesByCurrency: Record<string, Decimal> = {};
    for (const expense of state.expenses.filter((e) => e.status === 'Approved' && byKey(state.assignments, e.assignmentKey).projectKey === project.key)) {
      expensesByCurrency[expense.currency] = (expensesByCurrency[expense.currency] ?? new Decimal(0)).plus(expense.amount);
    }
    return {
      projectKey: project.key, projectId: project.projectId!, billingModel: project.billingModel, currency: project.currency,
      knownToHub: project.dealKey !== null,
      billableHours: lines.filter((l) => l.billable).reduce((t, l) => t.plus(l.hours), new Decimal(0)).toFixed(2),
      nonBillableHours: lines.filter((l) => !l.billable).reduce((t, l) => t.plus(l.hours), new Decimal(0)).toFixed(2),
      billableTimeAmount: money(lines.reduce((t, l) => t.plus(l.amount), new Decimal(0))),
      milestonesBillable: money(state.milestones.filter((m) => m.projectKey === project.key && m.completedOn !== null).reduce((t, m) => t.plus(m.amount), new Decimal(0))),
      approvedExpensesByCurrency: Object.fromEntries(Object.entries(expensesByCurrency).sort(([a], [b]) => a.localeCompare(b)).map(([currency, total]) => [currency, money(total)])),
      ...billingOf(state, project, lines, period.endDate),
    };
  });

  const refOf = (timecardKey: string) => {
    const timecard = byKey(state.timecards, timecardKey);
    const assignment = byKey(state.assignments, timecard.assignmentKey);
    return { timecard, project: byKey(state.projects, assignment.projectKey), consultant: byKey(state.consultants, assignment.consultantKey) };
  };

  return {
    seed: period.seed,
    startDate: period.startDate,
    endDate: period.endDate,
    approvedLines,
    expectedTimeExceptions,
    rejectedTimecards: state.timecards.filter((t) => t.status === 'Rejected').map((t) => {
      const { project, consultant } = refOf(t.key);
      return { timecardKey: t.key, timecardId: t.timecardId!, resourceId: consultant.contactId!, projectId: project.projectId!, weekStart: t.weekStart, hours: hoursText(sum(t.halfHours)) };
    }),
    pendingTimecards: state.timecards.filter((t) => (t.status === 'Saved' || t.status === 'Submitted') && t.timecardId !== null)
      .map((t) => ({ timecardKey: t.key, timecardId: t.timecardId!, status: t.status, weekStart: t.weekStart, hours: hoursText(sum(t.halfHours)) })),
    correctedTimecards: state.timecards.flatMap((t) => t.corrections.map((c) => ({
      timecardKey: t.key, timecardId: t.timecardId!, correctedOn: c.on, hoursBefore: hoursText(sum(c.before)), hoursAfter: hoursText(sum(c.after)),
    }))),
    refusedTimecards: state.timecards.filter((t) => t.refusedReason !== null).map((t) => ({
      timecardKey: t.key, projectId: refOf(t.key).project.projectId!, weekStart: t.weekStart, reason: t.refusedReason!,
    })),
    approvedExpenses: state.expenses.filter((e) => e.status === 'Approved').map((e) => {
      const assignment = byKey(state.assignments, e.assignmentKey);
      return {
        expenseKey: e.key, expenseId: e.expenseId!, resourceId: byKey(state.consultants, assignment.consultantKey).contactId!,
        projectId: byKey(state.projects, assignment.projectKey).projectId!, date: e.date, type: e.type, amount: e.amount, currency: e.currency, billable: e.billable,
      };
    }),
    completedMilestones: state.milestones.filter((m) => m.completedOn !== null).map((m) => ({
      milestoneKey: m.key, milestoneId: m.milestoneId!, projectId: byKey(state.projects, m.projectKey).projectId!, completedOn: m.completedOn!, amount: m.amount, currency: m.currency,
    })),
    deals: state.deals.map((d) => ({
      dealKey: d.key, opportunityId: d.opportunityId!, accountId: byKey(state.clients, d.clientKey).accountId!, billingModel: d.billingModel,
      amount: d.amount, currency: d.currency, closeDate: d.closeDate,
      monthlyFee: d.recurring?.monthlyFee ?? null, termMonths: d.recurring?.months ?? null, contractId: d.contractId,
    })),
    projects,
    amendments: state.amendments.map((a) => {
      const assignmentId = (key: string | null) => (key === null ? null : byKey(state.assignments, key).assignmentId);
      return {
        amendmentKey: a.key, opportunityId: a.opportunityId!, dealKey: a.dealKey, projectKey: a.projectKey, projectId: byKey(state.projects, a.projectKey).projectId!,
        kind: a.kind, signedOn: a.signedOn, effectiveDate: a.effectiveDate, amount: a.amount, currency: a.currency,
        assignmentIdBefore: assignmentId(a.assignmentKeyBefore), assignmentIdAfter: assignmentId(a.assignmentKeyAfter),
        billRateBefore: a.billRateBefore, billRateAfter: a.billRateAfter, addedHours: a.addedHours, newEndDate: a.newEndDate,
        milestoneId: a.milestoneKey === null ? null : byKey(state.milestones, a.milestoneKey).milestoneId,
      };
    }),
    accounts: state.clients.map((c) => ({ clientKey: c.key, accountId: c.accountId!, name: c.name, entity: c.entity, taxIdMissing: c.taxId === null, duplicateOf: c.duplicateOf })),
    workers: state.consultants.map((c) => ({
      consultantKey: c.key, employeeId: c.employeeId, contactId: c.contactId!, name: `${c.firstName} ${c.lastName}`, role: c.role, entity: c.entity,
      costRate: c.costRate, hireDate: c.hireDate, terminationDate: c.terminationDate,
    })),
    hrEvents: state.hrEvents,
    payments: state.payments.map((p) => ({ paymentKey: p.key, paymentId: p.paymentId!, invoiceId: p.invoiceId, date: p.date, amount: p.amount, currency: p.currency, kind: p.kind })),
    dirt: {
      duplicateAccounts: state.clients.filter((c) => c.duplicateOf !== null).length,
      missingTaxIds: state.clients.filter((c) => c.taxId === null).length,
      unknownProjects: state.projects.filter((p) => p.dealKey === null).length,
      timecardsAfterProjectEnd: state.timecards.filter((t) => t.afterProjectEnd && t.refusedReason === null).length,
      timecardsRefusedOnClosedProjects: state.timecards.filter((t) => t.refusedReason !== null).length,
      crossEntityAssignments: state.assignments.filter((a) => a.crossEntity).length,
      rejectedTimecards: state.timecards.filter((t) => t.rejections > 0).length,
      correctedTimecards: state.timecards.filter((t) => t.corrections.length > 0).length,
      missingRateAssignments: state.assignments.filter((a) => a.billable && new Decimal(a.billRate).isZero()).length,
      wrongCurrencyAssignments: state.assignments.filter((a) => a.currency !== byKey(state.projects, a.projectKey).currency).length,
      overbookedDays: new Set(expectedTimeExceptions.filter((e) => e.category === 'impossible_day').map((e) => `${byKey(state.timecards, e.timecardKey).assignmentKey}|${e.workDate}`)).size,
    },
  };
}

/**
 * The approved lines a correct integration holds instead of posting, judged as finance would on each
 * line's own data, in this order: worked after its project closed for time (work date after the close
 * date); a rate in another currency than the project's; billable without a rate (or at zero); the
 * line whose approval takes one person past 24 hours in a day (entries in approval order, then by
 * time entry id — the PSA's approval instants follow the firm's approval order).
 */
export function expectedTimeExceptionsOf(state: FirmState, lines: readonly GroundTruthTimeLine[]): GroundTruthTimeException[] {
  const seqOf = (line: GroundTruthTimeLine) => byKey(state.timecards, line.timecardKey).approvedSeq ?? 0;
  const entryId = (line: GroundTruthTimeLine) => `${line.timecardId}:${line.workDate}`;
  const overbooked = new Map<GroundTruthTimeLine, string>();
  const byDay = new Map<string, GroundTruthTimeLine[]>();
  for (const line of lines) byDay.set(`${line.resourceId}|${line.workDate}`, [...(byDay.get(`${line.resourceId}|${line.workDate}`) ?? []), line]);
  for (const day of byDay.values()) {
    const ordered = [...day].sort((a, b) => seqOf(a) - seqOf(b) || entryId(a).localeCompare(entryId(b)));
    const total = ordered.reduce((t, l) => t.plus(l.hours), new Decimal(0));
    let running = new Decimal(0);
    for (const line of ordered) {
      running = running.plus(line.hours);
      if (running.greaterThan(24)) overbooked.set(line, `${total.toFixed()} hours approved for one person on ${line.workDate}`);
    }
  }
  const expected: GroundTruthTimeException[] = [];
  for (const line of lines) {
    const project = byKey(state.projects, line.projectKey);
    const base = { timecardKey: line.timecardKey, timecardId: line.timecardId, workDate: line.workDate };
    if (project.closedForTimeOn !== null && line.workDate > project.closedForTimeOn) {
      expected.push({ ...base, category: 'project_closed', reason: `worked after the project closed for time on ${project.closedForTimeOn}` });
    } else if (line.currency !== project.currency) {
      expected.push({ ...base, category: 'currency_mismatch', reason: `time in ${line.currency} on a ${project.currency} project` });
    } else if (line.billable && new Decimal(line.billRate).isZero()) {
      expected.push({ ...base, category: 'missing_rate', reason: 'billable time without a bill rate' });
    } else if (overbooked.has(line)) {
      expected.push({ ...base, category: 'impossible_day', reason: overbooked.get(line)! });
    }
  }
  return expected;
}

type ProjectBilling = Pick<GroundTruthProjectTotals,
  'timeByCurrency' | 'milestones' | 'milestonesBillableCount' | 'recurringFee' | 'contractValue' | 'amendmentKeys' | 'expectedInvoices' | 'unbilledTimeAmount'>;

/** What a project bills: time by currency, milestones, recurring fee, amendments and the invoices due by `endDate`. */
function billingOf(state: FirmState, project: Project, lines: GroundTruthTimeLine[], endDate: string): ProjectBilling {
  const timeByCurrency: ProjectBilling['timeByCurrency'] = {};
  for (const currency of [...new Set(lines.map((l) => l.currency))].sort()) {
    const inCurrency = lines.filter((l) => l.currency === currency);
    const total = (items: GroundTruthTimeLine[], value: (l: GroundTruthTimeLine) => Decimal.Value) => items.reduce((t, l) => t.plus(value(l)), new Decimal(0));
    const nonBillable = inCurrency.filter((l) => !l.billable);
    timeByCurrency[currency] = {
      billableHours: total(inCurrency.filter((l) => l.billable), (l) => l.hours).toFixed(2),
      nonBillableHours: total(nonBillable, (l) => l.hours).toFixed(2),
      billableAmount: money(total(inCurrency, (l) => l.amount)),
      nonBillableAmount: money(total(nonBillable, (l) => new Decimal(l.hours).times(l.billRate))),
    };
  }
  const milestones = state.milestones.filter((m) => m.projectKey === project.key);
  const deal = project.dealKey === null ? null : byKey(state.deals, project.dealKey);
  const amendments = state.amendments.filter((a) => a.projectKey === project.key);
  const invoices: GroundTruthExpectedInvoice[] = [];
  const base = { projectKey: project.key, projectId: project.projectId! };

  // Time and materials: one invoice per calendar month of billable work, issued once the month has ended.
  let unbilled = new Decimal(0);
  const billableLines = lines.filter((l) => l.billable);
  for (const month of [...new Set(billableLines.map((l) => monthOf(l.workDate)))].sort()) {
    const inMonth = billableLines.filter((l) => monthOf(l.workDate) === month);
    const amount = inMonth.reduce((t, l) => t.plus(l.amount), new Decimal(0));
    const date = monthEnd(`${month}-01`);
    if (date > endDate) {
      unbilled = unbilled.plus(amount);
      continue;
    }
    invoices.push({
      ...base, invoiceKey: `INV-${project.key}-T-${month}`, kind: 'time', date, periodStart: `${month}-01`, periodEnd: date, currency: project.currency,
      amount: money(amount), sourceKeys: [...new Set(inMonth.map((l) => l.timecardKey))],
    });
  }
  // Milestones (delivery, change order, retainer month): one invoice each once completed.
  for (const milestone of milestones.filter((m) => m.completedOn !== null)) {
    invoices.push({
      ...base, invoiceKey: `INV-${milestone.key}`, kind: milestone.purpose === 'retainer_month' ? 'retainer' : 'milestone', date: milestone.completedOn!,
      periodStart: milestone.servicePeriod?.start ?? milestone.completedOn!, periodEnd: milestone.servicePeriod?.end ?? milestone.completedOn!, currency: milestone.currency, amount: milestone.amount, sourceKeys: [milestone.key],
    });
  }
  // Subscriptions: the monthly fee, in advance, on the first day of each service month.
  if (deal?.recurring && deal.billingModel === 'subscription') {
    for (let month = 0; month < deal.recurring.months; month += 1) {
      const periodStart = addMonths(project.startDate, month);
      if (periodStart > endDate) break;
      invoices.push({
        ...base, invoiceKey: `INV-${project.key}-S-${String(month + 1).padStart(2, '0')}`, kind: 'subscription', date: periodStart, periodStart,
        periodEnd: addDays(addMonths(project.startDate, month + 1), -1), currency: project.currency, amount: deal.recurring.monthlyFee, sourceKeys: [],
      });
    }
  }
  // Billable expenses: re-billed at cost, per month and expense currency, once the month has ended.
  const expenses = state.expenses.filter((e) => e.status === 'Approved' && e.billable && byKey(state.assignments, e.assignmentKey).projectKey === project.key);
  const groups = [...new Set(expenses.map((e) => `${monthOf(e.date)} ${e.currency}`))].sort();
  for (const group of groups) {
    const [month, currency] = group.split(' ') as [string, string];
    const date = monthEnd(`${month}-01`);
    if (date > endDate) continue;
    const inGroup = expenses.filter((e) => monthOf(e.date) === month && e.currency === currency);
    invoices.push({
      ...base, invoiceKey: `INV-${project.key}-E-${currency}-${month}`, kind: 'expenses', date, periodStart: `${month}-01`, periodEnd: date, currency,
      amount: money(inGroup.reduce((t, e) => t.plus(e.amount), new Decimal(0))), sourceKeys: inGroup.map((e) => e.key),
    });
  }
  invoices.sort((a, b) => a.date.localeCompare(b.date) || a.invoiceKey.localeCompare(b.invoiceKey));

  return {
    timeByCurrency,
    milestones: milestones.map((m) => ({
      milestoneKey: m.key, milestoneId: m.milestoneId!, purpose: m.purpose, amount: m.amount, currency: m.currency, targetDate: m.targetDate, completedOn: m.completedOn,
    })),
    milestonesBillableCount: milestones.filter((m) => m.completedOn !== null).length,
    recurringFee: deal?.recurring ? { ...deal.recurring } : null,
    contractValue: deal === null ? null : money(amendments.reduce((t, a) => t.plus(a.amount), new Decimal(deal.amount))),
    amendmentKeys: amendments.map((a) => a.key),
    expectedInvoices: invoices,
    unbilledTimeAmount: money(unbilled),
  };
}
