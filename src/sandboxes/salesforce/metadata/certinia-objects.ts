/**
 * Certinia (FinancialForce) PSA objects, namespace `pse__`. Key prefixes of custom objects are
 * allocated per org at install; these are plausible fixed ones. Picklist values are [U] unless the
 * vendor notes confirm them (timecard status is confirmed: Saved/Submitted/Approved/Rejected).
 */
import { currencyField, defineObject, throughlineIdField, type FieldMeta, type ObjectMeta } from './types.js';

const ref = (name: string, to: string, extra: Partial<FieldMeta> = {}): FieldMeta => ({ name, type: 'reference', referenceTo: [to], ...extra });
const text = (name: string, extra: Partial<FieldMeta> = {}): FieldMeta => ({ name, type: 'string', length: 255, ...extra });
const bool = (name: string, defaultValue = false): FieldMeta => ({ name, type: 'boolean', defaultValue });
const date = (name: string, extra: Partial<FieldMeta> = {}): FieldMeta => ({ name, type: 'date', ...extra });
const money = (name: string): FieldMeta => ({ name, type: 'currency' });
const picklist = (name: string, values: string[], restricted = false, defaultValue?: string): FieldMeta => ({
  name,
  type: 'picklist',
  picklist: { values, restricted },
  ...(defaultValue ? { defaultValue } : {}),
});

/** The days of a timecard week, Monday first, as Certinia names their hour fields. */
export const timecardDays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

export const regionObject: ObjectMeta = defineObject({
  name: 'pse__Region__c',
  label: 'Region',
  keyPrefix: 'a1T',
  fields: [ref('pse__Parent_Region__c', 'pse__Region__c'), text('pse__Region_ID__c'), currencyField, throughlineIdField],
});

export const practiceObject: ObjectMeta = defineObject({
  name: 'pse__Practice__c',
  label: 'Practice',
  keyPrefix: 'a1A',
  fields: [ref('pse__Parent_Practice__c', 'pse__Practice__c'), text('pse__Practice_ID__c'), currencyField, throughlineIdField],
});

export const projectObject: ObjectMeta = defineObject({
  name: 'pse__Proj__c',
  label: 'Project',
  keyPrefix: 'a1H',
  fields: [
    ref('pse__Account__c', 'Account'),
    ref('pse__Opportunity__c', 'Opportunity'),
    ref('pse__Project_Manager__c', 'Contact'),
    ref('pse__Region__c', 'pse__Region__c'),
    ref('pse__Practice__c', 'pse__Practice__c'),
    text('pse__Group__c'),
    picklist('pse__Stage__c', ['Planned', 'In Progress', 'On Hold', 'Completed', 'Canceled'], false, 'Planned'),
    picklist('pse__Project_Status__c', ['Green', 'Yellow', 'Red']),
    picklist('pse__Project_Type__c', ['Customer Project', 'Internal']),
    date('pse__Start_Date__c'),
    date('pse__End_Date__c'),
    bool('pse__Is_Active__c', true),
    bool('pse__Is_Billable__c', true),
    bool('pse__Closed_for_Time_Entry__c'),
    bool('pse__Closed_for_Expense_Entry__c'),
    { name: 'pse__Planned_Hours__c', type: 'double' },
    money('pse__Bookings__c'),
    money('pse__Billings__c'),
    text('pse__Project_ID__c'),
    bool('pse__Is_Template__c'),
    // How the engagement bills [U: org-specific custom field, mirrors Opportunity.Billing_Model__c].
    picklist('Billing_Model__c', ['Time and Materials', 'Fixed Fee', 'Milestone', 'Retainer', 'Subscription']),
    currencyField,
    throughlineIdField,
  ],
});

export const milestoneObject: ObjectMeta = defineObject({
  name: 'pse__Milestone__c',
  label: 'Milestone',
  keyPrefix: 'a1B',
  fields: [
    ref('pse__Project__c', 'pse__Proj__c', { required: true }),
    date('pse__Target_Date__c'),
    date('pse__Actual_Date__c'),
    money('pse__Milestone_Amount__c'),
    money('pse__Milestone_Cost__c'),
    picklist('pse__Status__c', ['Planned', 'In Progress', 'Complete', 'Canceled'], false, 'Planned'),
    bool('pse__Approved__c'),
    bool('pse__Approved_for_Billing__c'),
    bool('pse__Billed__c'),
    bool('pse__Invoiced__c'),
    currencyField,
    throughlineIdField,
  ],
});

export const resourceRequestObject: ObjectMeta = defineObject({
  name: 'pse__Resource_Request__c',
  label: 'Resource Request',
  keyPrefix: 'a1u',
  nameField: { name: 'Name', type: 'string', readOnly: true, autoNumber: 'RR-{000000}' },
  fields: [
    ref('pse__Project__c', 'pse__Proj__c'),
    ref('pse__Opportunity__c', 'Opportunity'),
    ref('pse__Account__c', 'Account'),
    text('pse__Resource_Role__c'),
    date('pse__Start_Date__c'),
    date('pse__End_Date__c'),
    { name: 'pse__SOW_Hours__c', type: 'double' },
    picklist('pse__Status__c', ['Draft', 'Ready to Staff', 'Held', 'Assigned', 'Cancelled'], false, 'Draft'),
    ref('pse__Resource__c', 'Contact'),
    ref('pse__Region__c', 'pse__Region__c'),
    ref('pse__Practice__c', 'pse__Practice__c'),
    money('pse__Requested_Bill_Rate__c'),
    currencyField,
    throughlineIdField,
  ],
});

export const assignmentObject: ObjectMeta = defineObject({
  name: 'pse__Assignment__c',
  label: 'Assignment',
  keyPrefix: 'a0K',
  fields: [
    ref('pse__Project__c', 'pse__Proj__c', { required: true }),
    ref('pse__Resource__c', 'Contact', { required: true }),
    ref('pse__Resource_Request__c', 'pse__Resource_Request__c'),
    text('pse__Role__c'),
    money('pse__Bill_Rate__c'),
    money('pse__Cost_Rate_Amount__c'),
    bool('pse__Is_Billable__c', true),
    picklist('pse__Status__c', ['Tentative', 'Scheduled', 'Closed'], false, 'Scheduled'),
    date('pse__Start_Date__c'),
    date('pse__End_Date__c'),
    { name: 'pse__Planned_Hours__c', type: 'double' },
    { name: 'pse__Percent_Allocated__c', type: 'percent' },
    currencyField,
    throughlineIdField,
  ],
});

export const timecardObject: ObjectMeta = defineObject({
  name: 'pse__Timecard_Header__c',
  label: 'Timecard',
  keyPrefix: 'a2A',
  nameField: { name: 'Name', type: 'string', readOnly: true, autoNumber: 'TC-{000000}' },
  fields: [
    ref('pse__Resource__c', 'Contact', { required: true }),
    ref('pse__Project__c', 'pse__Proj__c', { required: true }),
    ref('pse__Assignment__c', 'pse__Assignment__c'),
    ref('pse__Milestone__c', 'pse__Milestone__c'),
    date('pse__Start_Date__c', { required: true }),
    // Computed as the Sunday after the Monday start when not given.
    date('pse__End_Date__c'),
    ...timecardDays.map((day): FieldMeta => ({ name: `pse__${day}_Hours__c`, type: 'double', defaultValue: 0 })),
    { name: 'pse__Total_Hours__c', type: 'double', readOnly: true },
    picklist('pse__Status__c', ['Saved', 'Submitted', 'Approved', 'Rejected'], true, 'Saved'),
    { name: 'pse__Submitted__c', type: 'boolean', readOnly: true },
    { name: 'pse__Approved__c', type: 'boolean', readOnly: true },
    ref('pse__Approver__c', 'User'),
    bool('pse__Billable__c', true),
    money('pse__Bill_Rate__c'),
    money('pse__Cost_Rate_Amount__c'),
    { name: 'pse__Timecard_Notes__c', type: 'textarea' },
    currencyField,
    throughlineIdField,
  ],
});

export const expenseObject: ObjectMeta = defineObject({
  name: 'pse__Expense__c',
  label: 'Expense',
  keyPrefix: 'a0t',
  nameField: { name: 'Name', type: 'string', readOnly: true, autoNumber: 'EX-{000000}' },
  fields: [
    ref('pse__Resource__c', 'Contact', { required: true }),
    ref('pse__Project__c', 'pse__Proj__c', { required: true }),
    ref('pse__Assignment__c', 'pse__Assignment__c'),
    date('pse__Expense_Date__c', { required: true }),
    picklist('pse__Type__c', ['Airfare', 'Lodging', 'Meals', 'Mileage', 'Rental Car', 'Taxi', 'Other']),
    { name: 'pse__Amount__c', type: 'currency', required: true },
    bool('pse__Billable__c', true),
    { name: 'pse__Description__c', type: 'textarea' },
    picklist('pse__Status__c', ['Draft', 'Submitted', 'Approved', 'Rejected'], false, 'Draft'),
    currencyField,
    throughlineIdField,
  ],
});
