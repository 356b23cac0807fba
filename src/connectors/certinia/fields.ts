/** The fields each SOQL read selects: what the schemas and mappers use, nothing more. */
const common = ['Id', 'Name', 'CurrencyIsoCode', 'SystemModstamp', 'IsDeleted', 'Throughline_Id__c'];
const dayHours = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map((day) => `pse__${day}_Hours__c`);

/**
 * The SELECT list of a project's field history (`pse__Proj__History`, custom-object history: the
 * parent is `ParentId`). No `OldValue`: only the value a change set matters.
 */
export const projectHistoryFields = ['Id', 'ParentId', 'Field', 'NewValue', 'CreatedDate'] as const;

/** SELECT lists per object. */
export const selectFields = {
  pse__Timecard_Header__c: [
    ...common, 'pse__Resource__c', 'pse__Project__c', 'pse__Assignment__c', 'pse__Milestone__c', 'pse__Start_Date__c', 'pse__End_Date__c',
    ...dayHours, 'pse__Total_Hours__c', 'pse__Status__c', 'pse__Approver__c', 'pse__Billable__c', 'pse__Bill_Rate__c',
    'pse__Cost_Rate_Amount__c', 'pse__Timecard_Notes__c',
  ],
  pse__Proj__c: [
    ...common, 'pse__Account__c', 'pse__Opportunity__c', 'pse__Project_Manager__c', 'pse__Region__c', 'pse__Practice__c', 'pse__Stage__c',
    'pse__Project_Type__c', 'pse__Start_Date__c', 'pse__End_Date__c', 'pse__Is_Active__c', 'pse__Is_Billable__c',
    'pse__Closed_for_Time_Entry__c', 'pse__Closed_for_Expense_Entry__c', 'pse__Billings__c', 'pse__Project_ID__c', 'Billing_Model__c',
  ],
  Contact: [
    ...common, 'FirstName', 'LastName', 'Email', 'Title', 'AccountId', 'CreatedDate', 'pse__Is_Resource__c', 'pse__Is_Resource_Active__c',
    'pse__Resource_Role__c', 'pse__Region__c', 'pse__Practice__c', 'pse__Default_Cost_Rate__c',
  ],
  Account: [...common, 'ParentId', 'Type', 'Website', 'BillingStreet', 'BillingCity', 'BillingState', 'BillingPostalCode', 'BillingCountry', 'Tax_Id__c'],
  pse__Milestone__c: [
    ...common, 'pse__Project__c', 'pse__Target_Date__c', 'pse__Actual_Date__c', 'pse__Milestone_Amount__c', 'pse__Status__c', 'pse__Approved__c',
    'pse__Approved_for_Billing__c', 'pse__Billed__c', 'pse__Invoiced__c',
  ],
  pse__Assignment__c: [
    ...common, 'pse__Project__c', 'pse__Resource__c', 'pse__Role__c', 'pse__Bill_Rate__c', 'pse__Cost_Rate_Amount__c', 'pse__Is_Billable__c',
    'pse__Status__c', 'pse__Start_Date__c', 'pse__End_Date__c', 'pse__Planned_Hours__c',
  ],
  pse__Expense__c: [
    ...common, 'pse__Resource__c', 'pse__Project__c', 'pse__Assignment__c', 'pse__Expense_Date__c', 'pse__Type__c', 'pse__Amount__c',
    'pse__Billable__c', 'pse__Description__c', 'pse__Status__c',
  ],
} as const;
