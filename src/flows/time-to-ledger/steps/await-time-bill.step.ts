import type { TimeBillSubmission, WriteOutcome } from '../../../connectors/ports/index.js';
import { RetryableError, retryDispositionOf, WaitError } from '../../../runtime/errors.js';
import { defineBatchStep, type BatchItem, type BatchItemOutcome } from '../../../runtime/flows/define-step.js';
import { stepKey } from '../../../runtime/flows/step-key.js';
import type { TimeEntryEvent } from '../time-entry-event.js';
import type { TimeToLedgerDeps } from '../time-to-ledger-deps.js';
import { finalOutcome, submittedTimeBill, type AwaitedTimeBill, type PostedTimeBill } from './post-time-bill.step.js';

/** Stable key: checkpoints refer to its id. */
export const postedTimeBill = stepKey<PostedTimeBill>()('await-time-bill');

type Item = BatchItem<TimeEntryEvent, typeof submittedTimeBill>;

/**
 * Waits for the ledger's async jobs of the submitted bills without holding a worker: one look per
 * job; while a job runs, its bills' runs wait (WaitError until the next poll time: not an attempt,
 * no worker held) and the step is taken up again then. A finished job's bills are linked and posted,
 * or fail with the ledger's per-record failure as it is. A bill the job refused for a transient reason
 * is submitted again once, on its own, and waited for here (rare: the job itself accepted the batch).
 * Outcomes already final at the submit pass through.
 */
export function awaitTimeBillStep(deps: TimeToLedgerDeps) {
  return defineBatchStep({
    id: postedTimeBill,
    needs: [submittedTimeBill],
    maxBatch: 500,
    affectsLedger: true,
    retry: { maximumAttempts: 25, maximumIntervalMs: 60_000 },
    async invokeBatch(items: ReadonlyArray<Item>) {
      const outcomes: Array<BatchItemOutcome<PostedTimeBill> | undefined> = items.map(() => undefined);
      const jobs = new Map<string, number[]>();
      items.forEach(({ ctx }, index) => {
        const submitted = ctx.output(submittedTimeBill);
        if (!('awaiting' in submitted)) {
          outcomes[index] = { ok: true, output: submitted };
          return;
        }
        jobs.set(submitted.awaiting.location, [...(jobs.get(submitted.awaiting.location) ?? []), index]);
      });
      for (const [location, indexes] of jobs) {
        const awaited = indexes.map((index) => items[index]!.ctx.output(submittedTimeBill) as AwaitedTimeBill);
        let results: Awaited<ReturnType<NonNullable<typeof deps.ledger.timeBillResults>>>;
        try {
          results = await deps.ledger.timeBillResults!(submissionOf(location, awaited));
        } catch (error) {
          for (const index of indexes) outcomes[index] = { ok: false, error };
          continue;
        }
        if (!results.done) {
          const wait = new WaitError(`ledger job ${location} still running`, results.pollAt, { kind: 'async_job', connection: deps.ledger.connection });
          for (const index of indexes) outcomes[index] = { ok: false, error: wait };
          continue;
        }
        const again: number[] = [];
        for (let k = 0; k < indexes.length; k++) {
          const outcome = results.outcomes[k]!;
          if (!outcome.ok && retryDispositionOf(outcome.failure) !== 'non_retryable') again.push(k);
          else outcomes[indexes[k]!] = await settle(items[indexes[k]!]!, awaited[k]!, outcome);
        }
        if (again.length > 0) {
          // The job refused these bills for a passing reason: write them again (by external id), this once holding the worker.
          const rewritten = await deps.ledger.upsertTimeBills(again.map((k) => awaited[k]!.bill));
          for (let j = 0; j < again.length; j++) {
            const k = again[j]!;
            outcomes[indexes[k]!] = await settle(items[indexes[k]!]!, awaited[k]!, rewritten[j] ?? failedOutcome(awaited[k]!));
          }
        }
      }
      return outcomes.map((o) => o ?? { ok: false, error: new RetryableError('no outcome') });
    },
  });
}

/** The submission a job's bills in this batch stand for: their tasks, the job's other tasks not asked about. */
function submissionOf(location: string, awaited: readonly AwaitedTimeBill[]): TimeBillSubmission {
  const positions = Array.from({ length: awaited[0]!.awaiting.tasks }, () => -1);
  awaited.forEach((a, k) => (positions[a.awaiting.task] = k));
  return {
    submittedAt: awaited.map((a) => a.awaiting.submittedAt).sort()[0]!,
    externalIds: awaited.map((a) => a.bill.externalId),
    outcomes: awaited.map(() => null),
    jobs: [{ location, positions, existedBefore: awaited.flatMap((a, k) => (a.awaiting.existedBefore ? [k] : [])) }],
  };
}

function settle(item: Item, awaited: AwaitedTimeBill, outcome: WriteOutcome): Promise<BatchItemOutcome<PostedTimeBill>> {
  return finalOutcome(item.ctx, item.input, awaited.bill, outcome, awaited.billAmount);
}

function failedOutcome(awaited: AwaitedTimeBill): WriteOutcome {
  return { ok: false, externalId: awaited.bill.externalId, failure: { name: 'RetryableError', message: `no outcome for time bill ${awaited.bill.externalId}` } };
}
