import type { Engagement } from '../../../canonical/entities/engagement.js';

const billingTypes = { time_and_materials: 'TM', fixed_fee: 'FF', milestone: 'FBM' } as const;
const statusIds: Record<Engagement['status'], string> = {
  requested: '4', provisioning: '4', active: '2', on_hold: '4', closed: '1', cancelled: '17',
};

/**
 * A canonical engagement as a NetSuite job (project) body under its customer: entityId = project
 * code, external id = the engagement's canonical id.
 * Vendor doc: NetSuite REST API Browser, record "job".
 */
export function toNetSuiteJob(
  engagement: Engagement & { id: string },
  refs: { customerId: string; subsidiaryId?: string | undefined; currencyId?: string | undefined },
): Record<string, unknown> {
  const billingType = (billingTypes as Partial<Record<string, string>>)[engagement.billingModel];
  return {
    externalId: engagement.id,
    entityId: engagement.projectCode,
    companyName: engagement.name,
    parent: { id: refs.customerId },
    ...(refs.subsidiaryId ? { subsidiary: { id: refs.subsidiaryId } } : {}),
    ...(refs.currencyId ? { currency: { id: refs.currencyId } } : {}),
    startDate: engagement.startDate,
    ...(engagement.endDate ? { projectedEndDate: engagement.endDate } : {}),
    entityStatus: { id: statusIds[engagement.status] },
    ...(billingType ? { jobBillingType: { id: billingType } } : {}),
    isInactive: engagement.status === 'closed' || engagement.status === 'cancelled',
  };
}
