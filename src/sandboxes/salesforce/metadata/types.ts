/** Object and field metadata of the sandbox org (what `describe` returns and what writes are checked against). */

/** Field data types the sandbox knows (Salesforce `describe` names). */
export type FieldType =
  | 'id' | 'string' | 'textarea' | 'email' | 'phone' | 'url' | 'picklist' | 'boolean'
  | 'date' | 'datetime' | 'double' | 'currency' | 'percent' | 'int' | 'reference'
  // A value of any of the above (field history OldValue / NewValue): not filterable.
  | 'anyType';

/** One field of an object. */
export interface FieldMeta {
  name: string;
  type: FieldType;
  label?: string;
  /** Must be present on create (REQUIRED_FIELD_MISSING). */
  required?: boolean;
  externalId?: boolean;
  unique?: boolean;
  /** Case-sensitive uniqueness / matching for external ids (default case-insensitive). */
  caseSensitive?: boolean;
  picklist?: { values: string[]; restricted?: boolean };
  referenceTo?: string[];
  /** Set by the system or computed; writes are refused (INVALID_FIELD_FOR_INSERT_UPDATE). */
  readOnly?: boolean;
  /** Auto-number display format, e.g. `TC-{000000}`. */
  autoNumber?: string;
  length?: number;
  defaultValue?: string | number | boolean;
  /** False when SOQL may not filter on it (WHERE -> INVALID_FIELD "can not be filtered"); default true. */
  filterable?: boolean;
  /** False when SOQL may not order by it (ORDER BY -> INVALID_FIELD "can not be sorted"); default true. */
  sortable?: boolean;
}

/** One object (sObject type). */
export interface ObjectMeta {
  name: string;
  label: string;
  keyPrefix: string;
  custom: boolean;
  fields: FieldMeta[];
  /**
   * Set on a field history object (`pse__Proj__History`, `AccountHistory`): the object whose tracked
   * field changes it records. Such an object is read-only through the API and exists in the org only
   * while history tracking is enabled on that object.
   */
  historyOf?: string;
}

/** Fields every object carries. */
export function systemFields(nameField: FieldMeta | null): FieldMeta[] {
  return [
    { name: 'Id', type: 'id', readOnly: true },
    ...(nameField ? [nameField] : []),
    { name: 'IsDeleted', type: 'boolean', readOnly: true },
    { name: 'CreatedDate', type: 'datetime', readOnly: true },
    { name: 'CreatedById', type: 'reference', referenceTo: ['User'], readOnly: true },
    { name: 'LastModifiedDate', type: 'datetime', readOnly: true },
    { name: 'LastModifiedById', type: 'reference', referenceTo: ['User'], readOnly: true },
    { name: 'SystemModstamp', type: 'datetime', readOnly: true },
  ];
}

/** The hub's external id: text, unique, externalId, so upsert-by-external-id works. */
export const throughlineIdField: FieldMeta = { name: 'Throughline_Id__c', type: 'string', externalId: true, unique: true, length: 255 };

/** Multi-currency orgs carry CurrencyIsoCode on most objects. */
export const currencyField: FieldMeta = {
  name: 'CurrencyIsoCode',
  type: 'picklist',
  picklist: { values: ['USD', 'GBP', 'EUR', 'CAD', 'AUD', 'CHF', 'JPY', 'SEK', 'NOK', 'DKK', 'INR', 'SGD'], restricted: true },
  defaultValue: 'USD',
};

/** Builds an object description from its own fields plus the system fields. */
export function defineObject(input: { name: string; label: string; keyPrefix: string; nameField?: FieldMeta | null; fields: FieldMeta[] }): ObjectMeta {
  const nameField = input.nameField === undefined ? { name: 'Name', type: 'string', required: true, length: 255 } satisfies FieldMeta : input.nameField;
  return {
    name: input.name,
    label: input.label,
    keyPrefix: input.keyPrefix,
    custom: input.name.endsWith('__c'),
    fields: [...systemFields(nameField), ...input.fields],
  };
}
