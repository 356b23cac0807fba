import type { Client } from '../../../canonical/entities/client.js';

/**
 * A canonical client as a NetSuite customer body (external id = the client's canonical id, so the
 * hub's own customers carry the `tl_` prefix that echo suppression recognises).
 * Vendor doc: NetSuite REST API Browser, record "customer".
 */
export function toNetSuiteCustomer(client: Client & { id: string }, refs: { subsidiaryId: string; currencyId?: string | undefined }): Record<string, unknown> {
  return {
    externalId: client.id,
    companyName: client.name,
    subsidiary: { id: refs.subsidiaryId },
    ...(refs.currencyId ? { currency: { id: refs.currencyId } } : {}),
    isPerson: false,
    isInactive: client.status === 'inactive',
  };
}
