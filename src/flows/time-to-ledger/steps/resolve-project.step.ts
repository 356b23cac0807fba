import type { Engagement } from '../../../canonical/entities/engagement.js';
import type { SystemRef } from '../../../canonical/entities/refs.js';
import { NonRetryableError } from '../../../runtime/errors.js';
import { defineStep } from '../../../runtime/flows/define-step.js';
import type { IdentityMap } from '../../../runtime/identity/identity-map.js';
import { stepKey } from '../../../runtime/flows/step-key.js';
import type { ProjectFacts } from '../line-checks.js';
import { createSingleFlight } from '../single-flight.js';
import { isApproval, psaRecordOf, timeEntryCanonicalKey, type TimeEntryEvent } from '../time-entry-event.js';
import type { TimeToLedgerDeps } from '../time-to-ledger-deps.js';

/**
 * The ledger project (NetSuite job) the entry posts to and, for an approval, the PSA's facts its line
 * is judged against (currency, closure); or why nothing needs doing (a rejection of a bill never
 * posted). Checkpoints written before `facts` existed carry none: the checks that need them pass
 * such runs through unchanged.
 */
export type ResolvedProject = { engagementId: string; project: SystemRef; facts?: ProjectFacts } | { skipped: string };

/** Stable key: checkpoints refer to its id. */
export const resolvedProject = stepKey<ResolvedProject>()('resolve-project');

/** The facts of an engagement that time lines are judged on. */
function factsOf(engagement: Engagement): ProjectFacts {
  return {
    projectCode: engagement.projectCode, currency: engagement.currency, closedForTime: engagement.closedForTime, status: engagement.status,
    ...(engagement.closedForTimeOn ? { closedForTimeOn: engagement.closedForTimeOn } : {}),
    ...(engagement.endDate ? { endDate: engagement.endDate } : {}),
  };
}

/**
 * Decides once whether the run has anything to do (a rejection of a bill never posted has not; the
 * posting step does not ask again), then finds the ledger project of the entry's PSA project through the identity map; when missing,
 * reads the engagement and its client from the PSA and upserts customer and project in the ledger by
 * external id (the canonical ids), linking every record. For a posting the engagement is read from the
 * PSA either way (the connector caches it): whether a line may post is judged per line, on its own
 * work date, by the posting step. An unknown project is a non-retryable exception.
 */
export function resolveProjectStep(deps: TimeToLedgerDeps) {
  const singleFlight = createSingleFlight<{ engagementId: string; project: SystemRef; facts?: ProjectFacts }>();

  const readEngagement = async (psaProject: SystemRef): Promise<Engagement> => {
    const engagement = await deps.psa.getEngagement(psaProject.id);
    if (!engagement) {
      throw new NonRetryableError(`unknown project ${psaProject.id}: the PSA (${deps.psa.connection}) has no such project`, { kind: 'unknown_project', connection: deps.psa.connection });
    }
    return engagement;
  };

  const customerOf = async (identity: IdentityMap, engagement: Engagement): Promise<{ clientId: string; customer: SystemRef }> => {
    const psaClient = psaRecordOf(engagement.clientRef, deps.psa.connection, `client of project ${engagement.projectCode}`);
    const clientId = await identity.canonicalIdOf(psaClient, 'client');
    const known = await identity.recordOn(clientId, deps.ledger.connection);
    if (known) return { clientId, customer: known };
    const client = await deps.psa.getClient(psaClient.id);
    if (!client) throw new NonRetryableError(`unknown client ${psaClient.id} of project ${engagement.projectCode}`, { kind: 'unknown_client', connection: deps.psa.connection });
    const customer = await deps.ledger.upsertCustomer({ ...client, id: clientId });
    await identity.link(clientId, 'client', customer);
    return { clientId, customer };
  };

  const provision = async (identity: IdentityMap, psaProject: SystemRef, engagement: Engagement) => {
    const { clientId, customer } = await customerOf(identity, engagement);
    const engagementId = await identity.canonicalIdOf(psaProject, 'engagement');
    const project = await deps.ledger.upsertProject(
      { ...engagement, id: engagementId, clientRef: { canonicalId: clientId, refs: engagement.clientRef.refs } },
      customer,
    );
    await identity.link(engagementId, 'engagement', project);
    return { engagementId, project, facts: factsOf(engagement) };
  };

  return defineStep({
    id: resolvedProject,
    retry: { maximumAttempts: 20, maximumIntervalMs: 60_000 },
    async invoke(input: TimeEntryEvent, ctx): Promise<ResolvedProject> {
      if (!isApproval(input) && !(await ctx.identity.recordOn(timeEntryCanonicalKey(input), deps.ledger.connection))) {
        return { skipped: 'rejected before it was posted: nothing to reverse' };
      }
      const psaProject = psaRecordOf(input.data.projectRef, deps.psa.connection, `project of ${input.data.timeEntryId}`);
      // A reversal needs only the ledger project of the posted bill, never the PSA's current facts.
      const needsFacts = isApproval(input);
      // The lookup runs inside the flight too: runs that queue behind a provisioning find its links.
      return singleFlight(`${psaProject.connection}:${psaProject.id}:${needsFacts ? 'facts' : 'ref'}`, async () => {
        const engagementId = input.data.projectRef.canonicalId ?? (await ctx.identity.findCanonicalId(psaProject));
        const known = engagementId ? await ctx.identity.recordOn(engagementId, deps.ledger.connection) : undefined;
        if (engagementId && known && !needsFacts) return { engagementId, project: known };
        const engagement = await readEngagement(psaProject);
        if (engagementId && known) return { engagementId, project: known, facts: factsOf(engagement) };
        return provision(ctx.identity, psaProject, engagement);
      });
    },
  });
}
