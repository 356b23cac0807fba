import type { SystemRef } from '../../../canonical/entities/refs.js';
import type { Money } from '../../../canonical/money/index.js';
import type { LedgerTimeBill, WriteFailure } from '../../../connectors/ports/index.js';
import { linkCrossReferences } from '../../../persistence/queries/cross-references.js';
import { NonRetryableError, RetryableError, RetryAfterError } from '../../../runtime/errors.js';
import { defineBatchStep, type BatchItemOutcome } from '../../../runtime/flows/define-step.js';
import {
  billAmountOf, isApproval, TIME_BILL_XREF_ENTITY, timeBillExternalId, timeEntryCanonicalKey, type TimeEntryEvent,
} from '../time-entry-event.js';
import {
  closureProblem, currencyProblem, impossibleDayProblem, rateProblem, workerDayKey, type LineProblem, type ProjectFacts, type WorkerDay, type WorkerDayEntry,
} from '../line-checks.js';
import type { TimeToLedgerDeps } from '../time-to-ledger-deps.js';
import { latestTimeVersions } from './latest-versions.js';
import { resolveEmployeeStepId, type ResolvedEmployee } from './resolve-employee.step.js';
import { resolveProjectStepId, type ResolvedProject } from './resolve-project.step.js';
import { postedTimeBills } from './was-posted.js';

/** Stable id: checkpoints refer to it. */
export const postTimeBillStepId = 'post-time-bill';

/** The time bill as written, or why nothing was written. */
export type PostedTimeBill =
  | { status: 'approved' | 'rejected'; externalId: string; record: SystemRef; version: string; hours: string; billable: boolean; billAmount?: Money }
  | { skipped: string };

/** Most time bills per ledger call (NetSuite async collection upsert takes 200 records per job here). */
export const TIME_BILL_BATCH = 200;

/**
 * Upserts the time bills of many runs in one ledger call by deterministic external id. Approved ->
 * status approved at the PSA bill rate, in the project's currency; rejected -> marks the bill
 * rejected when it was posted before, else nothing. A version older than the newest logged one for
 * the entry is skipped. Before anything is written, each approved line is judged on its own data:
 * worked after its project closed for time, billable without a rate, in another currency than its
 * project, or past 24 hours in the worker's day -> an exception with its reason, nothing posted.
 */
export function postTimeBillStep(deps: TimeToLedgerDeps) {
  return defineBatchStep<TimeEntryEvent, PostedTimeBill>({
    id: postTimeBillStepId,
    maxBatch: TIME_BILL_BATCH,
    affectsLedger: true,
    retry: { maximumAttempts: 25, maximumIntervalMs: 60_000 },
    async invokeBatch(items) {
      const outcomes: Array<BatchItemOutcome<PostedTimeBill> | undefined> = items.map(() => undefined);
      const inputs = items.map((i) => i.input);
      const latest = await latestTimeVersions(deps.store, inputs.map(timeEntryCanonicalKey));
      const posted = await postedTimeBills(deps, inputs.filter((e) => !isApproval(e)));
      const workerDays = new Map<string, WorkerDayEntry[]>();
      for (const entry of await deps.approvedTimeOfWorkerDays(inputs.flatMap((e) => (isApproval(e) ? [workerDayOf(e)] : [])))) {
        workerDays.set(workerDayKey(entry), [...(workerDays.get(workerDayKey(entry)) ?? []), entry]);
      }
      const bills: LedgerTimeBill[] = [];
      const billItems: number[] = [];
      let problem: LineProblem | undefined;
      items.forEach(({ input, ctx }, index) => {
        const project = ctx.outputs[resolveProjectStepId] as ResolvedProject | undefined;
        const employee = ctx.outputs[resolveEmployeeStepId] as ResolvedEmployee | undefined;
        const newest = latest.get(timeEntryCanonicalKey(input));
        if (newest !== undefined && newest > input.sourceVersion) {
          outcomes[index] = { ok: true, output: { skipped: `superseded by version ${newest}` } };
        } else if (!project || 'skipped' in project || !employee || 'skipped' in employee) {
          outcomes[index] = { ok: true, output: { skipped: project && 'skipped' in project ? project.skipped : 'nothing to post' } };
        } else if (!isApproval(input) && !posted.has(timeEntryCanonicalKey(input))) {
          outcomes[index] = { ok: true, output: { skipped: 'rejected before it was posted: nothing to reverse' } };
        } else if ((problem = problemOf(input, project.facts ?? {}, workerDays))) {
          outcomes[index] = { ok: false, error: new NonRetryableError(`time entry ${input.data.timeEntryId}: ${problem.reason}`, { kind: problem.category }) };
        } else {
          bills.push({
            externalId: timeBillExternalId(input),
            employee: employee.employee,
            project: project.project,
            workDate: input.data.workDate,
            hours: input.data.hours,
            rate: isApproval(input) ? input.data.billRate : undefined,
            ...(project.facts?.currency ? { currency: project.facts.currency } : {}),
            billable: isApproval(input) ? input.data.billable : false,
            status: isApproval(input) ? 'approved' : 'rejected',
            memo: `${input.data.timeEntryId} v${input.sourceVersion}`,
          });
          billItems.push(index);
        }
      });
      if (bills.length > 0) {
        const written = await deps.ledger.upsertTimeBills(bills);
        if (written.length !== bills.length) throw new RetryableError(`ledger returned ${written.length} outcomes for ${bills.length} time bills`);
        const links = [];
        for (let k = 0; k < bills.length; k++) {
          const index = billItems[k]!;
          const input = items[index]!.input;
          const outcome = written[k]!;
          if (!outcome.ok) {
            outcomes[index] = { ok: false, error: errorOf(outcome.failure) };
            continue;
          }
          const bill = bills[k]!;
          const billAmount = billAmountOf(input);
          outcomes[index] = {
            ok: true,
            output: {
              status: bill.status, externalId: bill.externalId, record: { ...outcome.record, externalId: bill.externalId },
              version: input.sourceVersion, hours: bill.hours, billable: bill.billable, ...(billAmount ? { billAmount } : {}),
            },
          };
          links.push({
            canonicalId: timeEntryCanonicalKey(input), entityType: TIME_BILL_XREF_ENTITY, connection: outcome.record.connection,
            system: outcome.record.system, objectType: outcome.record.objectType, systemId: outcome.record.id, externalId: bill.externalId,
          });
        }
        await linkCrossReferences(deps.store.db, links, items[0]!.ctx.clock.now());
      }
      return outcomes.map((o) => o ?? { ok: false, error: new RetryableError('no outcome') });
    },
  });
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

/** Rebuilds the runtime error a failed record carries, so the retry policy reads its meaning by name. */
function errorOf(failure: WriteFailure): Error {
  const details = { vendorCode: failure.vendorCode, kind: failure.kind };
  if (failure.name === 'NonRetryableError') return new NonRetryableError(failure.message, details);
  if (failure.name === 'RetryAfterError' && failure.retryAt) return new RetryAfterError(failure.message, new Date(failure.retryAt), details);
  return new RetryableError(failure.message, details);
}
