/**
 * zod schemas of the Certinia PSA (`pse__`) records and standard CRM records the PSA side reads.
 * Fields the connector relies on are typed; everything else passes through (loose objects).
 * Vendor doc: Certinia PSA object reference (pse__Proj__c, pse__Timecard_Header__c, ...),
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/ (Account, Contact).
 */
import { z } from 'zod';

const id = z.string().min(15).max(18);
const optionalId = id.nullable().optional();
const text = z.string().nullable().optional();
const number = z.number().nullable().optional();
const flag = z.boolean().nullable().optional();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().optional();
/** Salesforce datetime, `2026-03-04T10:00:00.000+0000`. */
const datetime = z.string().min(1);

const common = {
  Id: id,
  Name: text,
  CurrencyIsoCode: text,
  SystemModstamp: datetime,
  IsDeleted: flag,
  Throughline_Id__c: text,
};

/** A weekly timecard header (one resource x project x week). */
export const timecardRecordSchema = z.looseObject({
  ...common,
  pse__Resource__c: id,
  pse__Project__c: id,
  pse__Assignment__c: optionalId,
  pse__Milestone__c: optionalId,
  pse__Start_Date__c: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  pse__End_Date__c: date,
  pse__Monday_Hours__c: number,
  pse__Tuesday_Hours__c: number,
  pse__Wednesday_Hours__c: number,
  pse__Thursday_Hours__c: number,
  pse__Friday_Hours__c: number,
  pse__Saturday_Hours__c: number,
  pse__Sunday_Hours__c: number,
  pse__Total_Hours__c: number,
  pse__Status__c: text,
  pse__Approver__c: optionalId,
  pse__Billable__c: flag,
  pse__Bill_Rate__c: number,
  pse__Cost_Rate_Amount__c: number,
  pse__Timecard_Notes__c: text,
});
/** A timecard record. */
export type TimecardRecord = z.infer<typeof timecardRecordSchema>;

/** A PSA project. */
export const projectRecordSchema = z.looseObject({
  ...common,
  pse__Account__c: optionalId,
  pse__Opportunity__c: optionalId,
  pse__Project_Manager__c: optionalId,
  pse__Region__c: optionalId,
  pse__Practice__c: optionalId,
  pse__Stage__c: text,
  pse__Project_Type__c: text,
  pse__Start_Date__c: date,
  pse__End_Date__c: date,
  pse__Is_Active__c: flag,
  pse__Is_Billable__c: flag,
  pse__Closed_for_Time_Entry__c: flag,
  pse__Closed_for_Expense_Entry__c: flag,
  pse__Billings__c: number,
  pse__Project_ID__c: text,
  Billing_Model__c: text,
});
/** A project record. */
export type ProjectRecord = z.infer<typeof projectRecordSchema>;

/** A Contact that is a PSA resource. */
export const resourceRecordSchema = z.looseObject({
  ...common,
  FirstName: text,
  LastName: text,
  Email: text,
  Title: text,
  AccountId: optionalId,
  CreatedDate: text,
  pse__Is_Resource__c: flag,
  pse__Is_Resource_Active__c: flag,
  pse__Resource_Role__c: text,
  pse__Region__c: optionalId,
  pse__Practice__c: optionalId,
  pse__Default_Cost_Rate__c: number,
});
/** A resource record. */
export type ResourceRecord = z.infer<typeof resourceRecordSchema>;

/**
 * A field history row of a project (`pse__Proj__History`, written by the org when a tracked field
 * changes). `OldValue`/`NewValue` are anyType: a checkbox arrives as a JSON boolean or as the text
 * `'true'`/`'false'` depending on the API path, so both are accepted.
 * Vendor doc: https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_associated_objects_history.htm
 */
export const projectHistoryRecordSchema = z.looseObject({
  Id: id,
  ParentId: id,
  Field: z.string(),
  OldValue: z.unknown().optional(),
  NewValue: z.unknown().optional(),
  CreatedDate: datetime,
});
/** A project history row. */
export type ProjectHistoryRecord = z.infer<typeof projectHistoryRecordSchema>;

/** A CRM Account. */
export const accountRecordSchema = z.looseObject({
  ...common,
  ParentId: optionalId,
  Type: text,
  Website: text,
  BillingStreet: text,
  BillingCity: text,
  BillingState: text,
  BillingPostalCode: text,
  BillingCountry: text,
  Tax_Id__c: text,
});
/** An account record. */
export type AccountRecord = z.infer<typeof accountRecordSchema>;

/** A PSA region or practice (only its name matters to the canonical model). */
export const namedRecordSchema = z.looseObject({ Id: id, Name: text });

/** A billing milestone. */
export const milestoneRecordSchema = z.looseObject({
  ...common,
  pse__Project__c: id,
  pse__Target_Date__c: date,
  pse__Actual_Date__c: date,
  pse__Milestone_Amount__c: number,
  pse__Status__c: text,
  pse__Approved__c: flag,
  pse__Approved_for_Billing__c: flag,
  pse__Billed__c: flag,
  pse__Invoiced__c: flag,
});
/** A milestone record. */
export type MilestoneRecord = z.infer<typeof milestoneRecordSchema>;

/** A staffing assignment. */
export const assignmentRecordSchema = z.looseObject({
  ...common,
  pse__Project__c: id,
  pse__Resource__c: id,
  pse__Role__c: text,
  pse__Bill_Rate__c: number,
  pse__Cost_Rate_Amount__c: number,
  pse__Is_Billable__c: flag,
  pse__Status__c: text,
  pse__Start_Date__c: date,
  pse__End_Date__c: date,
  pse__Planned_Hours__c: number,
});
/** An assignment record. */
export type AssignmentRecord = z.infer<typeof assignmentRecordSchema>;

/** An expense line. */
export const expenseRecordSchema = z.looseObject({
  ...common,
  pse__Resource__c: id,
  pse__Project__c: id,
  pse__Assignment__c: optionalId,
  pse__Expense_Date__c: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  pse__Type__c: text,
  pse__Amount__c: z.number(),
  pse__Billable__c: flag,
  pse__Description__c: text,
  pse__Status__c: text,
});
/** An expense record. */
export type ExpenseRecord = z.infer<typeof expenseRecordSchema>;
