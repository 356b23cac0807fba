import type { Worker } from '../../../canonical/entities/worker.js';

/**
 * A canonical worker as a NetSuite employee body: entityId = employee id, names split from the
 * display name, labor cost from the cost rate (decimal string), external id = the worker's canonical id.
 * Vendor doc: NetSuite REST API Browser, record "employee".
 */
export function toNetSuiteEmployee(worker: Worker & { id: string }, refs: { subsidiaryId: string }): Record<string, unknown> {
  const { firstName, lastName } = splitName(worker.displayName);
  return {
    externalId: worker.id,
    entityId: worker.employeeId,
    firstName,
    lastName,
    ...(worker.email ? { email: worker.email } : {}),
    title: worker.role,
    subsidiary: { id: refs.subsidiaryId },
    ...(worker.costRate ? { laborCost: worker.costRate.amount } : {}),
    isInactive: worker.status === 'terminated',
  };
}

/** "Ada King Lovelace" -> first "Ada King", last "Lovelace"; a single name is the last name with first "-". */
export function splitName(displayName: string): { firstName: string; lastName: string } {
  const parts = displayName.trim().split(/\s+/);
  if (parts.length < 2) return { firstName: '-', lastName: parts[0] ?? '-' };
  return { firstName: parts.slice(0, -1).join(' '), lastName: parts[parts.length - 1]! };
}
