import type { Engagement } from '../../../canonical/entities/engagement.js';
import type { SystemRef } from '../../../canonical/entities/refs.js';
import { findBySystemId, findOnConnection, systemRefOf } from '../../../persistence/queries/cross-references.js';
import { NonRetryableError } from '../../../runtime/errors.js';
import { defineStep } from '../../../runtime/flows/define-step.js';
import { linkTargetRecord, resolveCanonicalId } from '../resolve-canonical-id.js';
import type { ProjectFacts } from '../line-checks.js';
import { createSingleFlight } from '../single-flight.js';
import { isApproval, psaRecordOf, timeEntryCanonicalKey, type TimeEntryEvent } from '../time-entry-event.js';
import type { TimeToLedgerDeps } from '../time-to-ledger-deps.js';

/** Stable id: checkpoints refer to it. */
export const resolveProjectStepId = 'resolve-project';

/**
 * The ledger project (NetSuite job) the entry posts to with the PSA's facts its lines are judged
 * against (currency, closure), or why nothing needs posting. Checkpoints written before the facts
 * were added carry none: the checks that need them pass such runs through unchanged.
 */
export type ResolvedProject = ({ engagementId: string; project: SystemRef } & { facts?: ProjectFacts }) | { skipped: string };

type Resolved = { engagementId: string; project: SystemRef; facts: ProjectFacts };

/** The facts of an engagement that time lines are judged on. */
function factsOf(engagement: Engagement): ProjectFacts {
  return {
    projectCode: engagement.projectCode, currency: engagement.currency, closedForTime: engagement.closedForTime, status: engagement.status,
    ...(engagement.closedForTimeOn ? { closedForTimeOn: engagement.closedForTimeOn } : {}),
    ...(engagement.endDate ? { endDate: engagement.endDate } : {}),
  };
}

/**
 * Finds the ledger project of the entry's PSA project through cross-references; when missing,
 * reads the engagement and its client from the PSA and upserts customer and project in the ledger
 * by external id (the canonical ids), linking every record. The engagement is read from the PSA
 * either way (the connector caches it): whether a line may post is judged per line, on its own work
 * date, by the posting step. An unknown project is a non-retryable exception for finance.
 */
export function resolveProjectStep(deps: TimeToLedgerDeps) {
  const singleFlight = createSingleFlight<ResolvedProject>();

  const readEngagement = async (psaProject: SystemRef): Promise<Engagement> => {
    const engagement = await deps.psa.getEngagement(psaProject.id);
    if (!engagement) {
      throw new NonRetryableError(`unknown project ${psaProject.id}: the PSA (${deps.psa.connection}) has no such project`, { kind: 'unknown_project', connection: deps.psa.connection });
    }
    return engagement;
  };

  const provision = async (psaProject: SystemRef, engagement: Engagement, now: Date): Promise<Resolved> => {
    const psaClient = psaRecordOf(engagement.clientRef, deps.psa.connection, `client of project ${engagement.projectCode}`);
    const clientId = await resolveCanonicalId(deps.store, deps.idFactory, 'client', psaClient, now);
    let customer: SystemRef | undefined;
    const knownCustomer = await findOnConnection(deps.store.db, clientId, deps.ledger.connection);
    if (knownCustomer) {
      customer = systemRefOf(knownCustomer);
    } else {
      const client = await deps.psa.getClient(psaClient.id);
      if (!client) throw new NonRetryableError(`unknown client ${psaClient.id} of project ${engagement.projectCode}`, { kind: 'unknown_client', connection: deps.psa.connection });
      customer = await deps.ledger.upsertCustomer({ ...client, id: clientId });
      await linkTargetRecord(deps.store, clientId, 'client', customer, now);
    }
    const engagementId = await resolveCanonicalId(deps.store, deps.idFactory, 'engagement', psaProject, now);
    const project = await deps.ledger.upsertProject(
      { ...engagement, id: engagementId, clientRef: { canonicalId: clientId, refs: engagement.clientRef.refs } },
      customer,
    );
    await linkTargetRecord(deps.store, engagementId, 'engagement', project, now);
    return { engagementId, project, facts: factsOf(engagement) };
  };

  return defineStep<TimeEntryEvent, ResolvedProject>({
    id: resolveProjectStepId,
    retry: { maximumAttempts: 20, maximumIntervalMs: 60_000 },
    async invoke(input, ctx) {
      if (!isApproval(input)) {
        const posted = await findOnConnection(deps.store.db, timeEntryCanonicalKey(input), deps.ledger.connection);
        if (!posted) return { skipped: 'rejected before it was posted: nothing to reverse' };
      }
      const psaProject = psaRecordOf(input.data.projectRef, deps.psa.connection, `project of ${input.data.timeEntryId}`);
      // The lookup runs inside the flight too: runs that queue behind a provisioning find its links.
      // A reversal needs only the ledger project of the posted bill, never the PSA's current facts.
      const needsFacts = isApproval(input);
      return singleFlight(`${psaProject.connection}:${psaProject.id}:${needsFacts ? 'facts' : 'ref'}`, async (): Promise<ResolvedProject> => {
        const engagementId =
          input.data.projectRef.canonicalId ??
          (await findBySystemId(deps.store.db, { connection: psaProject.connection, objectType: psaProject.objectType, systemId: psaProject.id }))?.canonicalId;
        const known = engagementId ? await findOnConnection(deps.store.db, engagementId, deps.ledger.connection) : undefined;
        if (engagementId && known && !needsFacts) return { engagementId, project: systemRefOf(known) };
        const engagement = await readEngagement(psaProject);
        if (engagementId && known) return { engagementId, project: systemRefOf(known), facts: factsOf(engagement) };
        return provision(psaProject, engagement, ctx.clock.now());
      });
    },
  });
}
