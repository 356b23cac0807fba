import type { SystemRef } from '../../../canonical/entities/refs.js';
import type { Money } from '../../../canonical/money/index.js';
import type { LedgerTimeBill, TimeBillSubmission, WriteOutcome } from '../../../connectors/ports/index.js';
import type { IdentityMap } from '../../../runtime/identity/identity-map.js';
import { NonRetryableError, RetryableError } from '../../../runtime/errors.js';
import { defineBatchStep, type BatchItem, type BatchItemOutcome } from '../../../runtime/flows/define-step.js';
import { stepKey } from '../../../runtime/flows/step-key.js';
import {
  billAmountOf, isApproval, TIME_BILL_XREF_ENTITY, timeBillExternalId, timeEntryCanonicalKey, type TimeEntryEvent,
} from '../time-entry-event.js';
import {
  closureProblem, currencyProblem, impossibleDayProblem, rateProblem, workerDayKey, type LineProblem, type ProjectFacts, type WorkerDay, type WorkerDayEntry,
} from '../line-checks.js';
import type { TimeToLedgerDeps } from '../time-to-ledger-deps.js';
import { resolvedEmployee } from './resolve-employee.step.js';
import { resolvedProject } from './resolve-project.step.js';

/** The time bill as written, or why nothing was written. */
export type PostedTimeBill =
  | { status: 'approved' | 'rejected'; externalId: string; record: SystemRef; version: string; hours: string; billable: boolean; billAmount?: Money }
  | { skipped: string };

/**
 * Where a submitted bill is while the ledger's async job runs: the job, the bill's task in it, and
 * what the posting will say once it is done. Plain JSON, checkpointed between submit and await.
 */
export interface AwaitedTimeBill {
  awaiting: { location: string; task: number; tasks: number; existedBefore: boolean; submittedAt: string };
  /** The bill as submitted (a transient refusal inside the job is submitted again from it). */
  bill: LedgerTimeBill;
  version: string;
  billAmount?: Money;
}

/** What the submit step leaves: the bill in a running job, or its final outcome (settled at once, or a checkpoint from before the split). */
export type SubmittedTimeBill = AwaitedTimeBill | PostedTimeBill;

/** Stable key: checkpoints refer to its id ('post-time-bill' submits since the await step exists). */
export const submittedTimeBill = stepKey<SubmittedTimeBill>()('post-time-bill');

/** Most time bills per ledger call (NetSuite async collection upsert takes 200 records per job here). */
export const TIME_BILL_BATCH = 200;

/**
 * Submits the time bills of many runs in one ledger call by deterministic external id, and returns
 * without waiting for the ledger's job (the await step looks at it, holding no worker while it runs).
 * An approval -> status approved at the PSA bill rate, in the project's currency; a rejection -> marks
 * the posted bill rejected (resolve-project already skipped rejections of bills never posted). A version older than the newest logged
 * one for the entry is skipped. Before anything is written, each approved line is judged on its own
 * data: worked after its project closed for time, billable without a rate, in another currency than
 * its project, or past 24 hours in the worker's day -> an exception with its reason, nothing posted.
 * A bill the ledger settles at once (refused before sending, or written by a ledger without async
 * jobs) is final here, linked to its time entry in the identity map with the step's checkpoint.
 */
export function postTimeBillStep(deps: TimeToLedgerDeps) {
  return defineBatchStep({
    id: submittedTimeBill,
    needs: [resolvedProject, resolvedEmployee],
    maxBatch: TIME_BILL_BATCH,
    affectsLedger: true,
    retry: { maximumAttempts: 25, maximumIntervalMs: 60_000 },
    async invokeBatch(items: ReadonlyArray<BatchItem<TimeEntryEvent, typeof resolvedProject | typeof resolvedEmployee>>) {
      const outcomes: Array<BatchItemOutcome<SubmittedTimeBill> | undefined> = items.map(() => undefined);
      const inputs = items.map((i) => i.input);
      const latest = await deps.eventLog.latestTimeVersions(inputs.map(timeEntryCanonicalKey));
      const workerDays = new Map<string, WorkerDayEntry[]>();
      for (const entry of await deps.eventLog.approvedTimeOfWorkerDays(inputs.flatMap((e) => (isApproval(e) ? [workerDayOf(e)] : [])))) {
        workerDays.set(workerDayKey(entry), [...(workerDays.get(workerDayKey(entry)) ?? []), entry]);
      }
      const bills: LedgerTimeBill[] = [];
      const billItems: number[] = [];
      let problem: LineProblem | undefined;
      items.forEach(({ input, ctx }, index) => {
        const project = ctx.output(resolvedProject);
        const employee = ctx.output(resolvedEmployee);
        const newest = latest.get(timeEntryCanonicalKey(input));
        if (newest !== undefined && newest > input.sourceVersion) {
          outcomes[index] = { ok: true, output: { skipped: `superseded by version ${newest}` } };
        } else if ('skipped' in project || 'skipped' in employee) {
          outcomes[index] = { ok: true, output: { skipped: 'skipped' in project ? project.skipped : 'nothing to post' } };
        } else if ((problem = problemOf(input, project.facts ?? {}, workerDays))) {
          outcomes[index] = { ok: false, error: new NonRetryableError(`time entry ${input.data.timeEntryId}: ${problem.reason}`, { kind: problem.category }) };
        } else {
          // An approval posts; a rejection that got this far names a posted bill (resolve-project skipped the others): reverse it.
          const post = isApproval(input);
          bills.push({
            externalId: timeBillExternalId(input),
            employee: employee.employee,
            project: project.project,
            workDate: input.data.workDate,
            hours: input.data.hours,
            rate: post ? input.data.billRate : undefined,
            ...(project.facts?.currency ? { currency: project.facts.currency } : {}),
            billable: post ? input.data.billable : false,
            status: post ? 'approved' : 'rejected',
            memo: `${input.data.timeEntryId} v${input.sourceVersion}`,
          });
          billItems.push(index);
        }
      });
      if (bills.length > 0) {
        const submission = deps.ledger.submitTimeBills ? await deps.ledger.submitTimeBills(bills) : settledAtOnce(bills, await deps.ledger.upsertTimeBills(bills));
        if (submission.outcomes.length !== bills.length) throw new RetryableError(`ledger returned ${submission.outcomes.length} outcomes for ${bills.length} time bills`);
        const awaiting = new Map<number, AwaitedTimeBill['awaiting']>();
        for (const job of submission.jobs) {
          job.positions.forEach((position, task) => {
            awaiting.set(position, { location: job.location, task, tasks: job.positions.length, existedBefore: job.existedBefore.includes(position), submittedAt: submission.submittedAt });
          });
        }
        for (let k = 0; k < bills.length; k++) {
          const index = billItems[k]!;
          const { input, ctx } = items[index]!;
          const bill = bills[k]!;
          const billAmount = billAmountOf(input);
          const inJob = awaiting.get(k);
          const outcome = submission.outcomes[k];
          if (inJob) outcomes[index] = { ok: true, output: { awaiting: inJob, bill, version: input.sourceVersion, ...(billAmount ? { billAmount } : {}) } };
          else if (outcome) outcomes[index] = await finalOutcome(ctx, input, bill, outcome, billAmount);
        }
      }
      return outcomes.map((o) => o ?? { ok: false, error: new RetryableError('no outcome') });
    },
  });
}

/** A ledger without async jobs: every outcome known at the submit. */
function settledAtOnce(bills: readonly LedgerTimeBill[], outcomes: WriteOutcome[]): TimeBillSubmission {
  return { submittedAt: new Date(0).toISOString(), externalIds: bills.map((b) => b.externalId), outcomes, jobs: [] };
}

/**
 * The final outcome of one bill: written -> linked to its time entry (stored with the checkpoint)
 * and posted; refused -> the vendor's per-record failure as it is (its name carries the retry
 * meaning, its kind the exception's category). Shared by the submit and await steps.
 */
export async function finalOutcome(
  ctx: { identity: IdentityMap },
  input: TimeEntryEvent,
  bill: LedgerTimeBill,
  outcome: WriteOutcome,
  billAmount: Money | undefined,
): Promise<BatchItemOutcome<PostedTimeBill>> {
  if (!outcome.ok) return { ok: false, error: outcome.failure };
  const record = { ...outcome.record, externalId: bill.externalId };
  await ctx.identity.link(timeEntryCanonicalKey(input), TIME_BILL_XREF_ENTITY, record);
  return {
    ok: true,
    output: { status: bill.status, externalId: bill.externalId, record, version: input.sourceVersion, hours: bill.hours, billable: bill.billable, ...(billAmount ? { billAmount } : {}) },
  };
}

/** The worker's day of an approved line (the worker's PSA record id, as the event log holds it). */
function workerDayOf(input: TimeEntryEvent): WorkerDay {
  return { workerId: input.data.workerRef.refs[0]?.id ?? '', workDate: input.data.workDate };
}

/** The first reason an approved line cannot post, judged on its own dates and data. */
function problemOf(input: TimeEntryEvent, facts: ProjectFacts, workerDays: ReadonlyMap<string, readonly WorkerDayEntry[]>): LineProblem | undefined {
  if (!isApproval(input)) return undefined;
  return closureProblem(input.data, facts) ?? currencyProblem(input.data, facts) ?? rateProblem(input.data)
    ?? impossibleDayProblem(input.data, workerDays.get(workerDayKey(workerDayOf(input))) ?? []);
}
