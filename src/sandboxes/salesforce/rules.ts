/**
 * Object behaviour the org enforces on save: computed fields (Opportunity IsWon/IsClosed, timecard
 * totals, contract end dates) and validation rules (a timecard on a project closed for time entry).
 */
import { sfError } from './errors.js';
import { timecardDays } from './metadata/certinia-objects.js';
import { opportunityStages } from './metadata/standard-objects.js';
import type { FieldValue } from './values.js';

/** A stored record: canonical field names to values. */
export type SfRecord = Record<string, FieldValue>;

/** What a rule may look at besides the record being saved. */
export interface RuleContext {
  /** The (non-deleted) record with this id, if any. */
  lookup(id: string): SfRecord | undefined;
  /** Fields the caller set in this save. */
  touched: ReadonlySet<string>;
  /** The record before this save (undefined on create). */
  previous: SfRecord | undefined;
}

type Rule = (record: SfRecord, ctx: RuleContext) => void;

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

function addMonthsMinusDay(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate()));
  return new Date(target.getTime() - 86_400_000).toISOString().slice(0, 10);
}

const validation = (message: string, fields: string[] = []) => sfError(400, 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message, fields);

function projectOf(record: SfRecord, ctx: RuleContext): SfRecord | undefined {
  const id = record.pse__Project__c;
  return typeof id === 'string' ? ctx.lookup(id) : undefined;
}

const opportunity: Rule = (record, ctx) => {
  const stage = opportunityStages[String(record.StageName)];
  if (!stage) return;
  record.IsClosed = stage.closed;
  record.IsWon = stage.won;
  const stageChanged = ctx.previous?.StageName !== record.StageName;
  if (!ctx.touched.has('Probability') && (stageChanged || record.Probability === null)) record.Probability = stage.probability;
};

const opportunityLineItem: Rule = (record, ctx) => {
  const quantity = Number(record.Quantity);
  const unitTouched = ctx.touched.has('UnitPrice');
  const totalTouched = ctx.touched.has('TotalPrice');
  if (unitTouched && totalTouched && record.UnitPrice !== null && record.TotalPrice !== null) {
    throw sfError(400, 'FIELD_INTEGRITY_EXCEPTION', 'Can only specify one of UnitPrice or TotalPrice', ['UnitPrice', 'TotalPrice']);
  }
  if (totalTouched && record.TotalPrice !== null) record.UnitPrice = quantity === 0 ? 0 : Number(record.TotalPrice) / quantity;
  if (record.UnitPrice === null) throw sfError(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [UnitPrice]', ['UnitPrice']);
  record.TotalPrice = Math.round(Number(record.UnitPrice) * quantity * 100) / 100;
  const product = typeof record.Product2Id === 'string' ? ctx.lookup(record.Product2Id) : undefined;
  const opp = typeof record.OpportunityId === 'string' ? ctx.lookup(record.OpportunityId) : undefined;
  record.Name = [opp?.Name, product?.Name].filter(Boolean).join(' ') || 'Opportunity Product';
};

const contract: Rule = (record, ctx) => {
  if (!ctx.previous && record.Status === 'Activated') {
    throw sfError(400, 'FIELD_INTEGRITY_EXCEPTION', 'A contract must be created in Draft status and activated afterwards', ['Status']);
  }
  record.EndDate = typeof record.StartDate === 'string' && typeof record.ContractTerm === 'number'
    ? addMonthsMinusDay(record.StartDate, record.ContractTerm)
    : null;
};

const contact: Rule = (record) => {
  record.Name = [record.FirstName, record.LastName].filter((v) => v !== null && v !== '').join(' ');
};

const timecard: Rule = (record, ctx) => {
  let total = 0;
  for (const day of timecardDays) {
    const field = `pse__${day}_Hours__c`;
    const hours = Number(record[field] ?? 0);
    record[field] = hours;
    if (hours < 0 || hours > 24) throw validation(`${day} hours must be between 0 and 24`, [field]);
    total += hours;
  }
  record.pse__Total_Hours__c = Math.round(total * 100) / 100;
  record.pse__Submitted__c = record.pse__Status__c === 'Submitted' || record.pse__Status__c === 'Approved';
  record.pse__Approved__c = record.pse__Status__c === 'Approved';
  if (record.pse__End_Date__c === null && typeof record.pse__Start_Date__c === 'string') record.pse__End_Date__c = addDays(record.pse__Start_Date__c, 6);
  if (projectOf(record, ctx)?.pse__Closed_for_Time_Entry__c === true) {
    throw validation('Project is closed for time entry. Timecards cannot be saved against it.');
  }
};

const expense: Rule = (record, ctx) => {
  if (projectOf(record, ctx)?.pse__Closed_for_Expense_Entry__c === true) {
    throw validation('Project is closed for expense entry. Expenses cannot be saved against it.');
  }
};

/** Rules per object name; objects without behaviour are absent. */
export const objectRules: Partial<Record<string, Rule>> = {
  Opportunity: opportunity,
  OpportunityLineItem: opportunityLineItem,
  Contract: contract,
  Contact: contact,
  pse__Timecard_Header__c: timecard,
  pse__Expense__c: expense,
};
