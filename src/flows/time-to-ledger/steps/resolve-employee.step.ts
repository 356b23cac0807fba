import type { SystemRef } from '../../../canonical/entities/refs.js';
import { NonRetryableError } from '../../../runtime/errors.js';
import { defineStep } from '../../../runtime/flows/define-step.js';
import { stepKey } from '../../../runtime/flows/step-key.js';
import type { IdentityMap } from '../../../runtime/identity/identity-map.js';
import { createSingleFlight } from '../single-flight.js';
import { psaRecordOf, type TimeEntryEvent } from '../time-entry-event.js';
import type { TimeToLedgerDeps } from '../time-to-ledger-deps.js';
import { resolvedProject } from './resolve-project.step.js';

/** The ledger employee who worked the entry, or why nothing needs posting. */
export type ResolvedEmployee = { workerId: string; employee: SystemRef } | { skipped: string };

/** Stable key: checkpoints refer to its id. */
export const resolvedEmployee = stepKey<ResolvedEmployee>()('resolve-employee');

/**
 * Finds the ledger employee of the entry's PSA resource through the identity map; when missing,
 * reads the worker from the PSA and upserts the employee by external id (the worker's canonical id).
 */
export function resolveEmployeeStep(deps: TimeToLedgerDeps) {
  const singleFlight = createSingleFlight<{ workerId: string; employee: SystemRef }>();

  const provision = async (identity: IdentityMap, psaWorker: SystemRef) => {
    const workerId = await identity.canonicalIdOf(psaWorker, 'worker');
    const known = await identity.recordOn(workerId, deps.ledger.connection);
    if (known) return { workerId, employee: known };
    const worker = await deps.psa.getWorker(psaWorker.id);
    if (!worker) {
      throw new NonRetryableError(`unknown worker ${psaWorker.id}: the PSA (${deps.psa.connection}) has no such resource`, { kind: 'unknown_worker', connection: deps.psa.connection });
    }
    const employee = await deps.ledger.upsertEmployee({ ...worker, id: workerId });
    await identity.link(workerId, 'worker', employee);
    return { workerId, employee };
  };

  return defineStep({
    id: resolvedEmployee,
    needs: [resolvedProject],
    retry: { maximumAttempts: 20, maximumIntervalMs: 60_000 },
    async invoke(input: TimeEntryEvent, ctx): Promise<ResolvedEmployee> {
      const project = ctx.output(resolvedProject);
      if ('skipped' in project) return { skipped: project.skipped };
      const psaWorker = psaRecordOf(input.data.workerRef, deps.psa.connection, `worker of ${input.data.timeEntryId}`);
      // The lookup runs inside the flight too: runs that queue behind a provisioning find its links.
      return singleFlight(`${psaWorker.connection}:${psaWorker.id}`, async () => {
        const workerId = input.data.workerRef.canonicalId ?? (await ctx.identity.findCanonicalId(psaWorker));
        const known = workerId ? await ctx.identity.recordOn(workerId, deps.ledger.connection) : undefined;
        if (workerId && known) return { workerId, employee: known };
        return provision(ctx.identity, psaWorker);
      });
    },
  });
}
