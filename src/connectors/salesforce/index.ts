import type { SystemRef } from '../../canonical/entities/refs.js';
import { createIdFactory, type IdFactory } from '../../canonical/ids.js';
import type { Money } from '../../canonical/money/index.js';
import type { Poller, WebhookHandler } from '../../intake/inbound-source.js';
import type { Clock } from '../../runtime/clock.js';
import type { Governor } from '../../runtime/governor/create-governor.js';
import { noApprovalHistory, type ApprovedBeforeLookup } from '../certinia/inbound/approved-before.js';
import { createCdcWebhookHandler } from '../certinia/inbound/cdc-webhook-handler.js';
import type { InboundLogger } from '../certinia/inbound/timecard-events.js';
import { createTimecardPoller } from '../certinia/inbound/timecard-poller.js';
import { markMilestoneInvoiced } from '../certinia/outbound/mark-milestone-invoiced.js';
import { readAccounts, readAssignments, readExpenses, readMilestones, readProjects, readResources } from '../certinia/outbound/read-psa-records.js';
import { updateProjectBillings } from '../certinia/outbound/update-project-billings.js';
import { createCertiniaPsa } from '../certinia/psa.js';
import type { CallRecorder } from '../http/call-stats.js';
import type { PsaPort } from '../ports/psa.js';
import { createSalesforceClient, type SalesforceClient } from './client.js';
import type { SalesforceConnectorConfig } from './config.js';

export type { SalesforceConnectorConfig } from './config.js';
export { salesforceEndpointBudget } from './config.js';
export type { SalesforceClient } from './client.js';
export { approvedBeforeFrom, type ApprovedBeforeLookup, type ApprovedSubjects } from '../certinia/inbound/approved-before.js';

/** What the connector needs from the process. */
export interface SalesforceConnectorDeps {
  clock: Clock;
  governor?: Governor | undefined;
  calls?: CallRecorder | undefined;
  /** Approval history of time entries (use `approvedBeforeFrom(approvedSubjects, connection)`); without it edits-to-zero after approval go unnoticed. */
  approvedBefore?: ApprovedBeforeLookup | undefined;
  /** Event ids; default a factory on the clock. */
  idFactory?: IdFactory | undefined;
  logger?: InboundLogger | undefined;
}

/** One Salesforce org (CRM + Certinia PSA) for the hub. */
export interface SalesforceConnector {
  readonly connection: string;
  psa: PsaPort;
  /** Change data capture deliveries (pse__Timecard_Header__c) -> time events. */
  webhookHandler: WebhookHandler;
  /** `[timecardPoller]`: the same events by SystemModstamp polling, checkpointed. */
  pollers: Poller[];
  /** Certinia reads (canonical records plus rejected ones with reasons) and the PSA write-backs. */
  certinia: CertiniaOperations;
  client: SalesforceClient;
  close(): Promise<void>;
}

/** Certinia operations bound to the connection's client. */
export interface CertiniaOperations {
  readProjects(ids?: readonly string[]): ReturnType<typeof readProjects>;
  readResources(): ReturnType<typeof readResources>;
  readAccounts(ids: readonly string[]): ReturnType<typeof readAccounts>;
  readAssignments(projectIds: readonly string[]): ReturnType<typeof readAssignments>;
  readMilestones(projectIds: readonly string[]): ReturnType<typeof readMilestones>;
  readExpenses(projectIds: readonly string[]): ReturnType<typeof readExpenses>;
  updateProjectBillings(projectId: string, billings: Money): Promise<SystemRef>;
  markMilestoneInvoiced(milestoneId: string): Promise<SystemRef>;
}

/** Creates the Salesforce/Certinia connector of one connection (governor endpoint = connection id). */
export function createSalesforceConnector(config: SalesforceConnectorConfig, deps: SalesforceConnectorDeps): SalesforceConnector {
  const client = createSalesforceClient(config, deps);
  const inbound = {
    client,
    approvedBefore: deps.approvedBefore ?? noApprovalHistory,
    idFactory: deps.idFactory ?? createIdFactory({ now: () => deps.clock.now().getTime() }),
    logger: deps.logger,
  };
  return {
    connection: client.connection,
    psa: createCertiniaPsa(client, { cacheTtlMs: config.cacheTtlMs }),
    webhookHandler: createCdcWebhookHandler(inbound),
    pollers: [createTimecardPoller({ ...inbound, pageSize: config.pollPageSize, since: config.pollSince })],
    certinia: {
      readProjects: (ids) => readProjects(client, ids),
      readResources: () => readResources(client),
      readAccounts: (ids) => readAccounts(client, ids),
      readAssignments: (ids) => readAssignments(client, ids),
      readMilestones: (ids) => readMilestones(client, ids),
      readExpenses: (ids) => readExpenses(client, ids),
      updateProjectBillings: (projectId, billings) => updateProjectBillings(client, projectId, billings),
      markMilestoneInvoiced: (milestoneId) => markMilestoneInvoiced(client, milestoneId),
    },
    client,
    close: () => client.close(),
  };
}
