/**
 * Field history tracking: which fields of which objects the org tracks, and the history objects
 * that record their changes (`pse__Proj__History` for the custom object `pse__Proj__c`,
 * `<Object>History` for a standard one). Each row: `Id`, `IsDeleted`, the parent id (`ParentId` on
 * custom objects, `<Object>Id` on standard ones), `Field`, `DataType`, `OldValue`, `NewValue`
 * (anyType: not filterable), `CreatedDate`, `CreatedById`. Supported calls: describe, query,
 * retrieve — never create or update.
 * Vendor doc: Object Reference, "StandardObjectNameHistory" (and "CustomObject__History"),
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_associated_objects_history.htm
 * and SOQL "Using Relationship Queries with History Objects",
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_relationships_query_hist.htm
 */
import type { FieldMeta, FieldType, ObjectMeta } from './types.js';

/**
 * Fields tracked by default (Setup > Object Manager > Fields & Relationships > Set History Tracking):
 * the project's stage and its closed-for-entry checkboxes, whose change dates the PSA has no field for.
 */
export const defaultTrackedFields: Readonly<Record<string, readonly string[]>> = {
  pse__Proj__c: ['pse__Stage__c', 'pse__Closed_for_Time_Entry__c', 'pse__Closed_for_Expense_Entry__c'],
};

/** The `Field` value of the one row Salesforce writes when a record of a tracked object is created. */
export const CREATED_FIELD = 'created';

/**
 * `DataType` of a history row per field type [U: values as seen in orgs' history rows; Salesforce
 * does not document the picklist's values].
 */
export function historyDataType(type: FieldType): string {
  switch (type) {
    case 'boolean': return 'Boolean';
    case 'picklist': return 'DynamicEnum';
    case 'date': return 'Date';
    case 'datetime': return 'DateTime';
    case 'double': case 'int': return 'Double';
    case 'currency': return 'Currency';
    case 'percent': return 'Percent';
    case 'reference': case 'id': return 'EntityId';
    default: return 'Text';
  }
}

/** `pse__Proj__History` / `AccountHistory`. */
export function historyObjectName(parent: ObjectMeta): string {
  return parent.custom ? parent.name.replace(/__c$/, '__History') : `${parent.name}History`;
}

/** The field naming the parent record: `ParentId` (custom objects) or `<Object>Id` (standard ones). */
export function historyParentField(parent: ObjectMeta): string {
  return parent.custom ? 'ParentId' : `${parent.name}Id`;
}

/**
 * The history object of `parent`. Every history row's id starts with `017` (the key prefix of field
 * history entries), so the sandbox defines one history object per prefix owner: `pse__Proj__History`.
 */
export function defineHistoryObject(parent: ObjectMeta): ObjectMeta {
  const readOnly = { readOnly: true } as const;
  const anyValue = (name: string): FieldMeta => ({ name, type: 'anyType', length: 255, filterable: false, sortable: false, ...readOnly });
  const fields: FieldMeta[] = [
    { name: 'Id', type: 'id', ...readOnly },
    { name: 'IsDeleted', type: 'boolean', ...readOnly },
    { name: historyParentField(parent), type: 'reference', referenceTo: [parent.name], ...readOnly },
    { name: 'Field', type: 'picklist', picklist: { values: [CREATED_FIELD, ...parent.fields.map((f) => f.name)], restricted: true }, ...readOnly },
    { name: 'DataType', type: 'picklist', picklist: { values: ['Boolean', 'Currency', 'Date', 'DateTime', 'Double', 'DynamicEnum', 'EntityId', 'Percent', 'Text'], restricted: true }, ...readOnly },
    anyValue('OldValue'),
    anyValue('NewValue'),
    { name: 'CreatedDate', type: 'datetime', ...readOnly },
    { name: 'CreatedById', type: 'reference', referenceTo: ['User'], ...readOnly },
  ];
  return { name: historyObjectName(parent), label: `${parent.label} History`, keyPrefix: '017', custom: parent.custom, fields, historyOf: parent.name };
}
