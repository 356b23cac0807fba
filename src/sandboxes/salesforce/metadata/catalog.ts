/** Every object of the sandbox org, looked up case-insensitively as Salesforce does. */
import {
  assignmentObject, expenseObject, milestoneObject, practiceObject, projectObject, regionObject, resourceRequestObject, timecardObject,
} from './certinia-objects.js';
import { defineHistoryObject } from './field-history.js';
import {
  accountObject, contactObject, contractObject, opportunityLineItemObject, opportunityObject, product2Object, userObject,
} from './standard-objects.js';
import type { FieldMeta, ObjectMeta } from './types.js';

/** Field history of projects (`pse__Proj__History`); present in an org only while tracking is on for projects. */
export const projectHistoryObject: ObjectMeta = defineHistoryObject(projectObject);

/** All objects, in the order `GET /sobjects` lists them. */
export const allObjects: readonly ObjectMeta[] = [
  accountObject, contactObject, opportunityObject, opportunityLineItemObject, contractObject, product2Object, userObject,
  regionObject, practiceObject, projectObject, milestoneObject, resourceRequestObject, assignmentObject, timecardObject, expenseObject,
  projectHistoryObject,
];

const byLowerName = new Map(allObjects.map((o) => [o.name.toLowerCase(), o]));
const byPrefix = new Map(allObjects.map((o) => [o.keyPrefix, o]));
const fieldIndex = new Map(allObjects.map((o) => [o.name, new Map(o.fields.map((f) => [f.name.toLowerCase(), f]))]));

/** The object named `name` (any case), or undefined. */
export function findObject(name: string): ObjectMeta | undefined {
  return byLowerName.get(name.toLowerCase());
}

/** The history object recording changes of `objectName`, if the sandbox defines one. */
export function historyObjectOf(objectName: string): ObjectMeta | undefined {
  return allObjects.find((o) => o.historyOf === objectName);
}

/** The object whose ids start with `keyPrefix` (`017`: the one history object). */
export function objectForPrefix(keyPrefix: string): ObjectMeta | undefined {
  return byPrefix.get(keyPrefix);
}

/** The field `name` (any case) of `object`, or undefined. */
export function findField(object: ObjectMeta, name: string): FieldMeta | undefined {
  return fieldIndex.get(object.name)?.get(name.toLowerCase());
}
