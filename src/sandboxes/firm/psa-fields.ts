/**
 * How the firm's records look in Salesforce (CRM) and Certinia PSA (`pse__` objects): the one place
 * that knows sObject and field names, so the activities speak the firm's language.
 */
import { Decimal } from 'decimal.js';
import type { SObjectFields } from './http/salesforce-api.js';
import type { Amendment, Assignment, Client, Consultant, Deal, Expense, Milestone, Project, Timecard } from './firm-model.js';
import { legalEntity, psaBillingType } from './reference-data.js';

/** Half-hour units as Salesforce's number of hours. */
export function hoursOf(halfHours: number): number {
  return halfHours / 2;
}

/** A decimal string as a wire number (Salesforce currency/number fields are JSON numbers). */
export function wireNumber(decimal: string): number {
  return new Decimal(decimal).toNumber();
}

/** Account of a client; dirt shows as a missing tax id. */
export function accountFields(client: Client): SObjectFields {
  const entity = legalEntity(client.entity);
  return {
    Name: client.name,
    Type: 'Customer - Direct',
    BillingCountry: entity.country,
    CurrencyIsoCode: entity.currency,
    Tax_Id__c: client.taxId,
  };
}

/** The firm's own account per legal entity, holding its resource contacts (as Certinia orgs do). */
export function firmAccountFields(entityCode: Consultant['entity']): SObjectFields {
  const entity = legalEntity(entityCode);
  return { Name: entity.name, Type: 'Other', BillingCountry: entity.country, CurrencyIsoCode: entity.currency };
}

/** A consultant as a PSA resource (Contact with region, role and default cost rate). */
export function resourceContactFields(consultant: Consultant, ids: { firmAccountId: string; regionId: string }): SObjectFields {
  const entity = legalEntity(consultant.entity);
  return {
    FirstName: consultant.firstName,
    LastName: consultant.lastName,
    // Workday's primary work email: what ties the PSA resource to the HR worker.
    Email: consultant.email,
    Title: consultant.role,
    AccountId: ids.firmAccountId,
    pse__Is_Resource__c: true,
    pse__Is_Resource_Active__c: true,
    pse__Resource_Role__c: consultant.role,
    pse__Region__c: ids.regionId,
    pse__Default_Cost_Rate__c: wireNumber(consultant.costRate),
    CurrencyIsoCode: entity.currency,
  };
}

/** A PSA region or practice record. */
export function regionFields(name: string, currency: string): SObjectFields {
  return { Name: name, pse__Region_ID__c: name.toUpperCase().replace(/[^A-Z]+/g, '-'), CurrencyIsoCode: currency };
}

/** A PSA practice record. */
export function practiceFields(name: string): SObjectFields {
  return { Name: name, pse__Practice_ID__c: name.toUpperCase().replace(/[^A-Z]+/g, '-') };
}

/** A service product per role (the price book lines on opportunities). */
export function productFields(role: string): SObjectFields {
  return { Name: `${role} services`, ProductCode: `SVC-${role.toUpperCase().replace(/[^A-Z]+/g, '-')}`, IsActive: true, Family: 'Professional Services' };
}

/** An opportunity as the sales rep opens it, before it is won. */
export function openOpportunityFields(deal: Deal, accountId: string, ids: { regionId: string; practiceId: string }): SObjectFields {
  return {
    Name: deal.name,
    AccountId: accountId,
    StageName: 'Proposal/Price Quote',
    CloseDate: deal.closeDate,
    Amount: wireNumber(deal.amount),
    CurrencyIsoCode: deal.currency,
    Type: 'New Business',
    Billing_Model__c: psaBillingType[deal.billingModel],
    pse__Practice__c: ids.practiceId,
    pse__Region__c: ids.regionId,
  };
}

/** The update that wins the opportunity. */
export function wonOpportunityFields(deal: Deal): SObjectFields {
  return { StageName: 'Closed Won', CloseDate: deal.closeDate };
}

/** A support subscription's Contract (drafted; activated by a second update). */
export function contractFields(deal: Deal, accountId: string, startDate: string): SObjectFields {
  return {
    Name: `${deal.name} ${deal.key}`.slice(0, 80),
    AccountId: accountId,
    StartDate: startDate,
    ContractTerm: deal.recurring?.months ?? null,
    Status: 'Draft',
    Description: deal.recurring ? `Support subscription: ${deal.recurring.monthlyFee} ${deal.currency} a month, billed monthly in advance` : null,
    CurrencyIsoCode: deal.currency,
  };
}

/** A change order as sales ops books it: an Amendment opportunity on the original deal's account. */
export function amendmentOpportunityFields(
  amendment: Amendment, deal: Deal, accountId: string, ids: { regionId: string; practiceId: string }, description: string,
): SObjectFields {
  return {
    Name: `${deal.name} - Change order ${amendment.key}`.slice(0, 120),
    AccountId: accountId,
    StageName: 'Proposal/Price Quote',
    CloseDate: amendment.signedOn,
    Amount: wireNumber(amendment.amount),
    CurrencyIsoCode: amendment.currency,
    Type: 'Amendment',
    Description: `${description} (amends ${deal.opportunityId})`,
    Billing_Model__c: psaBillingType[deal.billingModel],
    pse__Practice__c: ids.practiceId,
    pse__Region__c: ids.regionId,
    ...(deal.contractId ? { ContractId: deal.contractId } : {}),
  };
}

/** One sold-service line of an opportunity. */
export function lineItemFields(opportunityId: string, productId: string, quantity: string, unitPrice: string, serviceDate: string): SObjectFields {
  return { OpportunityId: opportunityId, Product2Id: productId, Quantity: wireNumber(quantity), UnitPrice: wireNumber(unitPrice), ServiceDate: serviceDate };
}

/** A PSA project, as the PSA creates it for a won deal (or a PM creates it by hand). */
export function projectFields(project: Project, ids: { accountId: string; opportunityId: string | null; regionId: string; practiceId: string }): SObjectFields {
  return {
    Name: project.name,
    pse__Account__c: ids.accountId,
    pse__Opportunity__c: ids.opportunityId,
    pse__Region__c: ids.regionId,
    pse__Practice__c: ids.practiceId,
    pse__Stage__c: 'In Progress',
    pse__Project_Status__c: 'Green',
    pse__Project_Type__c: project.dealKey === null ? 'Internal' : 'Customer Project',
    Billing_Model__c: project.billingModel === 'internal' ? null : psaBillingType[project.billingModel],
    pse__Start_Date__c: project.startDate,
    pse__End_Date__c: project.endDate,
    pse__Is_Active__c: true,
    pse__Is_Billable__c: project.billable,
    pse__Closed_for_Time_Entry__c: false,
    pse__Closed_for_Expense_Entry__c: false,
    CurrencyIsoCode: project.currency,
  };
}

/** The update that closes a finished project for time and expense entry. */
export function closedProjectFields(): SObjectFields {
  return { pse__Stage__c: 'Completed', pse__Closed_for_Time_Entry__c: true, pse__Closed_for_Expense_Entry__c: true, pse__Is_Active__c: false };
}

/** A staffing assignment with its bill rate in the project currency. */
export function assignmentFields(
  assignment: Assignment,
  ids: { projectId: string; contactId: string },
  names: { resource: string; project: string },
  currency: string,
  costRate: string,
): SObjectFields {
  return {
    Name: `${names.resource} - ${names.project}`.slice(0, 80),
    pse__Project__c: ids.projectId,
    pse__Resource__c: ids.contactId,
    pse__Role__c: assignment.role,
    pse__Bill_Rate__c: wireNumber(assignment.billRate),
    pse__Cost_Rate_Amount__c: wireNumber(costRate),
    pse__Is_Billable__c: assignment.billable,
    pse__Status__c: 'Scheduled',
    pse__Start_Date__c: assignment.startDate,
    pse__End_Date__c: assignment.endDate,
    CurrencyIsoCode: currency,
  };
}

/** A billing milestone as planned. */
export function milestoneFields(milestone: Milestone, projectId: string): SObjectFields {
  return {
    Name: milestone.name,
    pse__Project__c: projectId,
    pse__Target_Date__c: milestone.targetDate,
    pse__Milestone_Amount__c: wireNumber(milestone.amount),
    pse__Status__c: 'Planned',
    CurrencyIsoCode: milestone.currency,
  };
}

/** The update that completes a milestone and releases it for billing. */
export function completedMilestoneFields(date: string): SObjectFields {
  return { pse__Status__c: 'Complete', pse__Actual_Date__c: date, pse__Approved__c: true, pse__Approved_for_Billing__c: true };
}

const dayFields = [
  'pse__Monday_Hours__c', 'pse__Tuesday_Hours__c', 'pse__Wednesday_Hours__c', 'pse__Thursday_Hours__c',
  'pse__Friday_Hours__c', 'pse__Saturday_Hours__c', 'pse__Sunday_Hours__c',
] as const;

/** The seven daily hours fields of a timecard. */
export function timecardHoursFields(halfHours: readonly number[]): SObjectFields {
  return Object.fromEntries(dayFields.map((field, index) => [field, hoursOf(halfHours[index] ?? 0)]));
}

/** A new timecard header, saved by the consultant. */
export function timecardFields(
  timecard: Timecard,
  ids: { projectId: string; contactId: string; assignmentId: string },
  assignment: Assignment,
  project: Project,
  weekEnd: string,
): SObjectFields {
  return {
    pse__Resource__c: ids.contactId,
    pse__Project__c: ids.projectId,
    pse__Assignment__c: ids.assignmentId,
    pse__Start_Date__c: timecard.weekStart,
    pse__End_Date__c: weekEnd,
    ...timecardHoursFields(timecard.halfHours),
    pse__Status__c: 'Saved',
    pse__Billable__c: assignment.billable,
    pse__Bill_Rate__c: wireNumber(assignment.billRate),
    CurrencyIsoCode: assignment.currency,
  };
}

/** An expense line as submitted. */
export function expenseFields(expense: Expense, ids: { projectId: string; contactId: string; assignmentId: string }): SObjectFields {
  return {
    pse__Resource__c: ids.contactId,
    pse__Project__c: ids.projectId,
    pse__Assignment__c: ids.assignmentId,
    pse__Expense_Date__c: expense.date,
    pse__Type__c: expense.type,
    pse__Amount__c: wireNumber(expense.amount),
    CurrencyIsoCode: expense.currency,
    pse__Billable__c: expense.billable,
    pse__Description__c: `${expense.type} ${expense.date}`,
    pse__Status__c: 'Submitted',
  };
}
