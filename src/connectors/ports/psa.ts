import type { Client } from '../../canonical/entities/client.js';
import type { Engagement } from '../../canonical/entities/engagement.js';
import type { Worker } from '../../canonical/entities/worker.js';

/** Read side of the PSA (and the CRM that hosts it) that flows need, in canonical form. */
export interface PsaPort {
  readonly connection: string;
  readonly system: string;
  /** The project with this PSA id, mapped to an Engagement (systemRefs filled, no canonical id). */
  getEngagement(projectId: string): Promise<Engagement | undefined>;
  /** The resource (worker) with this PSA id. */
  getWorker(resourceId: string): Promise<Worker | undefined>;
  /** The client account with this CRM id. */
  getClient(accountId: string): Promise<Client | undefined>;
}
