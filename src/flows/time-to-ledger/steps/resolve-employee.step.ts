import type { SystemRef } from '../../../canonical/entities/refs.js';
import { findBySystemId, findOnConnection, systemRefOf } from '../../../persistence/queries/cross-references.js';
import { NonRetryableError } from '../../../runtime/errors.js';
import { defineStep } from '../../../runtime/flows/define-step.js';
import { linkTargetRecord, resolveCanonicalId } from '../resolve-canonical-id.js';
import { createSingleFlight } from '../single-flight.js';
import { psaRecordOf, type TimeEntryEvent } from '../time-entry-event.js';
import type { TimeToLedgerDeps } from '../time-to-ledger-deps.js';
import { resolveProjectStepId, type ResolvedProject } from './resolve-project.step.js';

/** Stable id: checkpoints refer to it. */
export const resolveEmployeeStepId = 'resolve-employee';

/** The ledger employee who worked the entry, or why nothing needs posting. */
export type ResolvedEmployee = { workerId: string; employee: SystemRef } | { skipped: string };

/**
 * Finds the ledger employee of the entry's PSA resource through cross-references; when missing,
 * reads the worker from the PSA and upserts the employee by external id (the worker's canonical id).
 */
export function resolveEmployeeStep(deps: TimeToLedgerDeps) {
  const singleFlight = createSingleFlight<{ workerId: string; employee: SystemRef }>();

  const provision = async (psaWorker: SystemRef, now: Date) => {
    const workerId = await resolveCanonicalId(deps.store, deps.idFactory, 'worker', psaWorker, now);
    const known = await findOnConnection(deps.store.db, workerId, deps.ledger.connection);
    if (known) return { workerId, employee: systemRefOf(known) };
    const worker = await deps.psa.getWorker(psaWorker.id);
    if (!worker) {
      throw new NonRetryableError(`unknown worker ${psaWorker.id}: the PSA (${deps.psa.connection}) has no such resource`, { kind: 'unknown_worker', connection: deps.psa.connection });
    }
    const employee = await deps.ledger.upsertEmployee({ ...worker, id: workerId });
    await linkTargetRecord(deps.store, workerId, 'worker', employee, now);
    return { workerId, employee };
  };

  return defineStep<TimeEntryEvent, ResolvedEmployee>({
    id: resolveEmployeeStepId,
    retry: { maximumAttempts: 20, maximumIntervalMs: 60_000 },
    async invoke(input, ctx) {
      const project = ctx.outputs[resolveProjectStepId] as ResolvedProject | undefined;
      if (project && 'skipped' in project) return { skipped: project.skipped };
      const psaWorker = psaRecordOf(input.data.workerRef, deps.psa.connection, `worker of ${input.data.timeEntryId}`);
      // The lookup runs inside the flight too: runs that queue behind a provisioning find its links.
      return singleFlight(`${psaWorker.connection}:${psaWorker.id}`, async () => {
        const workerId =
          input.data.workerRef.canonicalId ??
          (await findBySystemId(deps.store.db, { connection: psaWorker.connection, objectType: psaWorker.objectType, systemId: psaWorker.id }))?.canonicalId;
        if (workerId) {
          const known = await findOnConnection(deps.store.db, workerId, deps.ledger.connection);
          if (known) return { workerId, employee: systemRefOf(known) };
        }
        return provision(psaWorker, ctx.clock.now());
      });
    },
  });
}
