/**
 * The simulated firm's own memory of what exists and what its people did. Keys (`C001`, `P0003`...)
 * are the simulator's; vendor ids are filled in once the vendor answered. Hours are counted in
 * half-hour units (integers) so no float ever touches them.
 */
import type { BillingModel, LegalEntity, Practice, Role } from './reference-data.js';

export type EntityCode = LegalEntity['code'];

/** A consultant: a Workday worker and a PSA resource (Contact). */
export interface Consultant {
  key: string;
  employeeId: string;
  firstName: string;
  lastName: string;
  email: string;
  role: Role;
  entity: EntityCode;
  /** Hourly cost rate in the home entity's currency. */
  costRate: string;
  hireDate: string;
  terminationDate: string | null;
  workdayId: string | null;
  contactId: string | null;
}

/** A client account; `duplicateOf` marks a near-identical second entry (dirt). */
export interface Client {
  key: string;
  name: string;
  entity: EntityCode;
  taxId: string | null;
  duplicateOf: string | null;
  accountId: string | null;
}

/** A deal that closed (won) on `closeDate`. */
export interface Deal {
  key: string;
  clientKey: string;
  name: string;
  billingModel: BillingModel;
  practice: Practice;
  entity: EntityCode;
  currency: string;
  closeDate: string;
  amount: string;
  opportunityId: string | null;
  /** Retainer and subscription deals: the fixed monthly fee and how many months it runs. */
  recurring: { monthlyFee: string; months: number; billedIn: 'advance' | 'arrears' } | null;
  /** Subscription deals: the activated Salesforce Contract holding the term. */
  contractId: string | null;
}

/** A PSA project; `dealKey` is null for a project set up by hand (unknown to the hub: dirt). */
export interface Project {
  key: string;
  dealKey: string | null;
  name: string;
  clientKey: string;
  entity: EntityCode;
  region: string;
  practice: Practice;
  billingModel: BillingModel | 'internal';
  currency: string;
  billable: boolean;
  startDate: string;
  endDate: string;
  closedForTimeOn: string | null;
  /** Someone will still log time after the project closed (dirt). */
  lateTimecardPlanned: boolean;
  projectId: string | null;
}

/** A consultant staffed on a project with a bill rate in the project's currency. */
export interface Assignment {
  key: string;
  projectKey: string;
  consultantKey: string;
  role: Role;
  billRate: string;
  /** The currency the bill rate is in: the project's, except for the wrong-currency dirt. */
  currency: string;
  billable: boolean;
  startDate: string;
  endDate: string;
  crossEntity: boolean;
  assignmentId: string | null;
}

export type TimecardStatus = 'Saved' | 'Submitted' | 'Approved' | 'Rejected';

/** A weekly timecard of one consultant on one project (Monday..Sunday). */
export interface Timecard {
  key: string;
  assignmentKey: string;
  weekStart: string;
  /** Half-hours per day, Monday first. */
  halfHours: number[];
  status: TimecardStatus;
  /** Dirt: logged for days after the project's end date, or attempted after it was closed for time entry. */
  afterProjectEnd: boolean;
  /** Half-hour totals before and after each correction made after approval. */
  corrections: Array<{ on: string; before: number[]; after: number[] }>;
  rejections: number;
  /** Decided when rejected: the consultant fixes and resubmits. */
  resubmitPlanned: boolean;
  /** Decided when approved: the date the hours get corrected and re-approved. */
  correctionPlannedOn: string | null;
  /** Set when the PSA refused the write, with the vendor's reason. */
  refusedReason: string | null;
  timecardId: string | null;
  /** Order of the timecard's last approval among all approvals (the PSA's approval instants follow it). */
  approvedSeq: number | null;
  /** Part of an overbooked day (dirt): approvers pass it and nobody corrects it, so the day stays as booked. */
  pinned: boolean;
}

export type ExpenseStatus = 'Submitted' | 'Approved' | 'Rejected';

/** An expense report line of a consultant on a project. */
export interface Expense {
  key: string;
  assignmentKey: string;
  date: string;
  type: string;
  amount: string;
  currency: string;
  billable: boolean;
  status: ExpenseStatus;
  expenseId: string | null;
}

/** A billing milestone of a fixed-fee or milestone project. */
export interface Milestone {
  key: string;
  projectKey: string;
  name: string;
  amount: string;
  currency: string;
  targetDate: string;
  completedOn: string | null;
  milestoneId: string | null;
  /** Why it bills: a delivery milestone, one month of a retainer, or a change order's added milestone. */
  purpose: 'delivery' | 'retainer_month' | 'change_order';
  /** A retainer month's service period. */
  servicePeriod: { start: string; end: string } | null;
}

/**
 * A signed change order (contract amendment): an Amendment opportunity won in Salesforce and the PSA
 * changed accordingly — a new bill rate from an effective date, added weeks of hours, or an added milestone.
 */
export interface Amendment {
  key: string;
  dealKey: string;
  projectKey: string;
  kind: 'rate_change' | 'added_hours' | 'added_milestone';
  signedOn: string;
  effectiveDate: string;
  /** Contract value added, in the project's currency. */
  amount: string;
  currency: string;
  opportunityId: string | null;
  /** rate_change: the assignment ended the day before `effectiveDate` and the one that replaces it. */
  assignmentKeyBefore: string | null;
  assignmentKeyAfter: string | null;
  billRateBefore: string | null;
  billRateAfter: string | null;
  /** added_hours: the sold hours added and the project's new end date. */
  addedHours: string | null;
  newEndDate: string | null;
  /** added_milestone: the new milestone. */
  milestoneKey: string | null;
}

/** A customer payment recorded in the ERP against a hub-issued invoice. */
export interface Payment {
  key: string;
  invoiceId: string;
  customerId: string;
  date: string;
  amount: string;
  currency: string;
  kind: 'on_time' | 'late' | 'partial';
  paymentId: string | null;
}

/** An HR event the firm's HR team entered in Workday. */
export interface HrEvent {
  date: string;
  consultantKey: string;
  kind: 'hire' | 'promotion' | 'termination';
  detail: string;
}

/** Everything the simulated firm knows, in creation order (which keeps every run identical). */
export interface FirmState {
  consultants: Consultant[];
  clients: Client[];
  deals: Deal[];
  projects: Project[];
  assignments: Assignment[];
  timecards: Timecard[];
  expenses: Expense[];
  milestones: Milestone[];
  payments: Payment[];
  hrEvents: HrEvent[];
  amendments: Amendment[];
  /** Plans for invoices seen in the ERP: when and how much the client will pay. */
  paymentPlans: Array<{ invoiceId: string; customerId: string; currency: string; payments: Array<{ date: string; amount: string; kind: Payment['kind'] }> }>;
  /** Product2 ids per role (the price book of services). */
  productIds: Record<string, string>;
  /** The firm's own account that holds resource contacts, per entity. */
  firmAccountIds: Record<string, string>;
  /** PSA region and practice record ids by name. */
  regionIds: Record<string, string>;
  practiceIds: Record<string, string>;
  /** NetSuite currency internal id -> ISO code. */
  currencyCodes: Record<string, string>;
  /** Approvals so far (timecards' `approvedSeq`). */
  approvals: number;
}

/** An empty firm. */
export function createFirmState(): FirmState {
  return {
    consultants: [], clients: [], deals: [], projects: [], assignments: [], timecards: [], expenses: [],
    milestones: [], payments: [], hrEvents: [], amendments: [], paymentPlans: [], productIds: {}, firmAccountIds: {}, regionIds: {}, practiceIds: {}, currencyCodes: {}, approvals: 0,
  };
}

/** Looks an item up by key or fails loudly (a missing key is a simulator bug). */
export function byKey<T extends { key: string }>(items: readonly T[], key: string): T {
  const found = items.find((item) => item.key === key);
  if (!found) throw new Error(`firm simulator: no item with key ${key}`);
  return found;
}
