/**
 * Standard CRM objects of the sandbox org (a subset of their fields).
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/
 */
import { currencyField, defineObject, throughlineIdField, type FieldMeta, type ObjectMeta } from './types.js';

const ref = (name: string, to: string, extra: Partial<FieldMeta> = {}): FieldMeta => ({ name, type: 'reference', referenceTo: [to], ...extra });
const text = (name: string, extra: Partial<FieldMeta> = {}): FieldMeta => ({ name, type: 'string', length: 255, ...extra });

/** Opportunity stages with their closed/won meaning (standard values of a new org). */
export const opportunityStages: Record<string, { closed: boolean; won: boolean; probability: number }> = {
  Prospecting: { closed: false, won: false, probability: 10 },
  Qualification: { closed: false, won: false, probability: 10 },
  'Needs Analysis': { closed: false, won: false, probability: 20 },
  'Value Proposition': { closed: false, won: false, probability: 50 },
  'Id. Decision Makers': { closed: false, won: false, probability: 60 },
  'Perception Analysis': { closed: false, won: false, probability: 70 },
  'Proposal/Price Quote': { closed: false, won: false, probability: 75 },
  'Negotiation/Review': { closed: false, won: false, probability: 90 },
  'Closed Won': { closed: true, won: true, probability: 100 },
  'Closed Lost': { closed: true, won: false, probability: 0 },
};

export const userObject: ObjectMeta = defineObject({
  name: 'User',
  label: 'User',
  keyPrefix: '005',
  fields: [text('Username'), { name: 'Email', type: 'email' }, { name: 'IsActive', type: 'boolean', defaultValue: true }],
});

export const accountObject: ObjectMeta = defineObject({
  name: 'Account',
  label: 'Account',
  keyPrefix: '001',
  fields: [
    text('AccountNumber'),
    { name: 'Type', type: 'picklist', picklist: { values: ['Prospect', 'Customer - Direct', 'Customer - Channel', 'Partner', 'Other'] } },
    text('Industry'),
    ref('ParentId', 'Account'),
    ref('OwnerId', 'User'),
    text('BillingStreet'), text('BillingCity'), text('BillingState'), text('BillingPostalCode'), text('BillingCountry'),
    { name: 'Phone', type: 'phone' },
    { name: 'Website', type: 'url' },
    { name: 'Description', type: 'textarea' },
    // The client's tax registration (EIN / VAT id) [U: org-specific]; the firm simulator leaves some empty as dirt.
    text('Tax_Id__c'),
    currencyField,
    throughlineIdField,
    // Not unique on purpose: a legacy key that can match several records (upsert answers 300).
    text('Legacy_Id__c', { externalId: true }),
  ],
});

export const contactObject: ObjectMeta = defineObject({
  name: 'Contact',
  label: 'Contact',
  keyPrefix: '003',
  nameField: { name: 'Name', type: 'string', readOnly: true },
  fields: [
    text('FirstName'),
    text('LastName', { required: true }),
    ref('AccountId', 'Account'),
    { name: 'Email', type: 'email' },
    text('Title'),
    ref('OwnerId', 'User'),
    // Certinia makes resources out of contacts.
    { name: 'pse__Is_Resource__c', type: 'boolean', defaultValue: false },
    { name: 'pse__Is_Resource_Active__c', type: 'boolean', defaultValue: false },
    text('pse__Resource_Role__c'),
    ref('pse__Region__c', 'pse__Region__c'),
    ref('pse__Practice__c', 'pse__Practice__c'),
    { name: 'pse__Default_Cost_Rate__c', type: 'currency' },
    ref('pse__Salesforce_User__c', 'User'),
    text('pse__Work_Calendar__c'),
    currencyField,
    throughlineIdField,
  ],
});

export const opportunityObject: ObjectMeta = defineObject({
  name: 'Opportunity',
  label: 'Opportunity',
  keyPrefix: '006',
  fields: [
    ref('AccountId', 'Account'),
    { name: 'StageName', type: 'picklist', required: true, picklist: { values: Object.keys(opportunityStages), restricted: true } },
    { name: 'CloseDate', type: 'date', required: true },
    { name: 'Amount', type: 'currency' },
    { name: 'Probability', type: 'percent' },
    { name: 'IsWon', type: 'boolean', readOnly: true },
    { name: 'IsClosed', type: 'boolean', readOnly: true },
    { name: 'Type', type: 'picklist', picklist: { values: ['New Business', 'Existing Business', 'Renewal', 'Amendment'] } },
    { name: 'Description', type: 'textarea' },
    ref('OwnerId', 'User'),
    ref('ContractId', 'Contract'),
    // A custom field the firm uses to say how the deal bills [U: org-specific].
    { name: 'Billing_Model__c', type: 'picklist', picklist: { values: ['Time and Materials', 'Fixed Fee', 'Milestone', 'Retainer', 'Subscription'] } },
    ref('pse__Region__c', 'pse__Region__c'),
    ref('pse__Practice__c', 'pse__Practice__c'),
    currencyField,
    throughlineIdField,
  ],
});

export const product2Object: ObjectMeta = defineObject({
  name: 'Product2',
  label: 'Product',
  keyPrefix: '01t',
  fields: [text('ProductCode'), text('Family'), { name: 'IsActive', type: 'boolean', defaultValue: true }, { name: 'Description', type: 'textarea' }, throughlineIdField],
});

export const opportunityLineItemObject: ObjectMeta = defineObject({
  name: 'OpportunityLineItem',
  label: 'Opportunity Product',
  keyPrefix: '00k',
  nameField: { name: 'Name', type: 'string', readOnly: true },
  fields: [
    ref('OpportunityId', 'Opportunity', { required: true }),
    ref('Product2Id', 'Product2'),
    text('PricebookEntryId'),
    { name: 'Quantity', type: 'double', required: true },
    { name: 'UnitPrice', type: 'currency' },
    { name: 'TotalPrice', type: 'currency' },
    { name: 'ServiceDate', type: 'date' },
    text('Description'),
    currencyField,
    throughlineIdField,
  ],
});

export const contractObject: ObjectMeta = defineObject({
  name: 'Contract',
  label: 'Contract',
  keyPrefix: '800',
  nameField: { name: 'Name', type: 'string', length: 80 },
  fields: [
    { name: 'ContractNumber', type: 'string', readOnly: true, autoNumber: '{00000000}' },
    ref('AccountId', 'Account', { required: true }),
    { name: 'StartDate', type: 'date' },
    { name: 'ContractTerm', type: 'int' },
    { name: 'EndDate', type: 'date', readOnly: true },
    { name: 'Status', type: 'picklist', picklist: { values: ['Draft', 'In Approval Process', 'Activated'], restricted: true }, defaultValue: 'Draft' },
    { name: 'Description', type: 'textarea' },
    ref('OwnerId', 'User'),
    currencyField,
    throughlineIdField,
  ],
});
