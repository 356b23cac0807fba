/**
 * The ground truth: what a perfect integration must end with, derived from what the firm's people
 * actually did and what stands in the PSA at the end (corrections replace, rejections are excluded).
 */
import { Decimal } from 'decimal.js';
import { addDays } from './calendar.js';
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

/** Per project and currency, what should be billed and posted. */
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
}

export interface GroundTruth {
  seed: number;
  startDate: string;
  endDate: string;
  approvedLines: GroundTruthTimeLine[];
  rejectedTimecards: Array<{ timecardKey: string; timecardId: string; resourceId: string; projectId: string; weekStart: string; hours: string }>;
  pendingTimecards: Array<{ timecardKey: string; timecardId: string; status: string; weekStart: string; hours: string }>;
  correctedTimecards: Array<{ timecardKey: string; timecardId: string; correctedOn: string; hoursBefore: string; hoursAfter: string }>;
  refusedTimecards: Array<{ timecardKey: string; projectId: string; weekStart: string; reason: string }>;
  approvedExpenses: Array<{ expenseKey: string; expenseId: string; resourceId: string; projectId: string; date: string; type: string; amount: string; currency: string; billable: boolean }>;
  completedMilestones: Array<{ milestoneKey: string; milestoneId: string; projectId: string; completedOn: string; amount: string; currency: string }>;
  deals: Array<{ dealKey: string; opportunityId: string; accountId: string; billingModel: string; amount: string; currency: string; closeDate: string }>;
  projects: GroundTruthProjectTotals[];
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
        hours: hours.toFixed(2), billRate: assignment.billRate, currency: project.currency, billable: assignment.billable,
        amount: assignment.billable ? money(hours.times(assignment.billRate)) : '0.00',
        afterProjectEnd: timecard.afterProjectEnd, crossEntity: assignment.crossEntity,
      });
    });
  }

  const projects = state.projects.map((project): GroundTruthProjectTotals => {
    const lines = approvedLines.filter((line) => line.projectKey === project.key);
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
    })),
    projects,
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
    },
  };
}
