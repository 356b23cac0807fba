// Issue 10 item 7: exactly-once on the product path. The runtime's crash proof leans on
// ctx.idempotencyKey() plus a primary key, which time-to-ledger never uses; the flow's own mechanism is
// a deterministic external id per time bill (timeBillExternalId), an upsert by that external id, and a
// verification after an unknown outcome. Here NetSuite commits the hub's time bill batches and then
// drops the connection instead of answering (the kit's timeoutAfterCommit fault) — again and again,
// retries included — while a real `throughline serve` process posts the shared simulated quarter. The
// end state must still be exactly one time bill per external id, totals equal to the ground truth, and
// the request log must show that the lost answers were of writes that had committed.
import { describe, expect, inject, it } from 'vitest';
import { timeBillExternalIdForSubject } from '../../src/flows/time-to-ledger/time-entry-event.js';
import { admin, runHubOverQuarter } from '../support/quarter-hub.js';
import { useSimulatedQuarter } from '../support/simulated-quarter.js';
import { runHeavy } from './run-cli.js';

const seed = Number(process.env.EXACTLY_ONCE_SEED ?? 20261203);
/** Share of the hub's batch time bill upserts (submissions and their retries) whose answer is lost after the write. */
const LOST_ANSWER_RATE = 0.5;
/** The hub's collection upsert of time bills (`PUT /record/v1/timeBill`, asynchronous, one job per batch). */
const BATCH_UPSERT = '^/services/rest/record/v1/timeBill$';
/** The hub's upserts of the records a time bill needs (employee, job, customer by `eid:`). */
const MASTER_UPSERT = '^/services/rest/record/v1/(employee|job|customer)/eid:';

interface RawTimeBill { id: string; externalId?: string; approvalStatus?: unknown }
interface RawJob { id: string; idempotencyKey?: string; completedDate?: string; tasks: Array<{ operation: string; key?: string; result?: { status: number; created?: boolean } }> }

describe.skipIf(!runHeavy)('exactly-once on the product path: NetSuite commits the batch and loses the answer', () => {
  it('with time bill batches (and master-data upserts) answered by a dropped connection after commit, NetSuite holds one time bill per external id and the ground truth\'s totals', async () => {
    console.log(`exactly-once seed ${seed} (replay with EXACTLY_ONCE_SEED=${seed})`);
    await useSimulatedQuarter(inject('simulatedQuarterUrl'), 'exactly-once.test', async (quarter) => {
      const netsuite = quarter.sandboxes.netsuite;
      const jobsBefore = new Set((await admin<{ asyncJobs: RawJob[] }>(`${netsuite.adminUrl}/records/asyncJobs`)).asyncJobs.map((j) => j.id));
      const result = await runHubOverQuarter(quarter, {
        name: 'exactly-once',
        beforeStart: () => admin(`${netsuite.adminUrl}/faults`, 'PUT', {
          seed,
          rules: [
            // The first batches lose every answer, resubmissions included: the step gives up on an unknown
            // outcome and its runs are retried later, in batches of another make-up (another idempotency key).
            { id: 'lose-first-batches-entirely', match: { method: 'PUT', path: BATCH_UPSERT }, timeoutAfterCommitRate: 1, limit: 16 },
            { id: 'lose-batch-answer', match: { method: 'PUT', path: BATCH_UPSERT }, timeoutAfterCommitRate: LOST_ANSWER_RATE },
            { id: 'lose-master-answer', match: { method: 'PUT', path: MASTER_UPSERT }, timeoutAfterCommitRate: 0.2 },
          ],
        }),
      });
      await admin(`${netsuite.adminUrl}/faults`, 'PUT', { rules: [] });
      const { comparison } = result;

      // The unknown outcomes happened, and were of writes NetSuite had applied: the handler ran (a 202
      // accepting a job, or the 400 naming the job an earlier submission created) and the caller got a
      // dropped connection instead of the answer.
      const batchCalls = result.requests.netsuite.filter((r) => r.method === 'PUT' && new RegExp(BATCH_UPSERT).test(r.path));
      const lost = batchCalls.filter((r) => r.faultInjected?.startsWith('timeoutAfterCommit:'));
      const lostAccepting = lost.filter((r) => r.faultInjected === 'timeoutAfterCommit:202');
      const answered202 = batchCalls.filter((r) => r.status === 202);
      const masterLost = result.requests.netsuite.filter((r) => new RegExp(MASTER_UPSERT).test(r.path) && r.faultInjected?.startsWith('timeoutAfterCommit:'));
      const jobs = (await admin<{ asyncJobs: RawJob[] }>(`${netsuite.adminUrl}/records/asyncJobs`)).asyncJobs.filter((j) => !jobsBefore.has(j.id));
      const timeBillJobs = jobs.filter((j) => j.tasks.some((t) => t.operation === 'upsert'));
      // Every 202, answered or lost, created a job; every job ran — so each lost 202 is a batch that committed.
      expect(lost.every((r) => r.status === 0)).toBe(true);
      expect(timeBillJobs.length).toBe(answered202.length + lostAccepting.length);
      expect(timeBillJobs.every((j) => j.completedDate !== undefined)).toBe(true);
      const committedTasks = timeBillJobs.flatMap((j) => j.tasks).filter((t) => t.result?.status === 204);
      // Writes of a time bill that already existed: the same external id upserted again by a later job (not a new bill).
      const rewrites = committedTasks.filter((t) => t.result?.created === false);

      // One time bill per external id in NetSuite's own records (not only in what the hub reads back).
      const bills = (await admin<{ records: RawTimeBill[] }>(`${netsuite.adminUrl}/records/timeBill`)).records;
      const perExternalId = new Map<string, number>();
      for (const bill of bills) if (bill.externalId) perExternalId.set(bill.externalId, (perExternalId.get(bill.externalId) ?? 0) + 1);
      const repeated = [...perExternalId].filter(([, n]) => n > 1);
      const withoutExternalId = bills.filter((b) => !b.externalId);
      // Every posted line is there under the external id the flow derives from its time entry.
      const held = new Set(quarter.truth.expectedTimeExceptions.map((h) => `${h.timecardId}:${h.workDate}`));
      const mustPost = quarter.truth.approvedLines.filter((l) => !held.has(`${l.timecardId}:${l.workDate}`));
      const missing = mustPost.filter((l) => !perExternalId.has(timeBillExternalIdForSubject(`time_entry:salesforce:${l.timecardId}:${l.workDate}`)));

      const report = {
        seed, approvedLines: comparison.psa.approvedLines, mustPost: mustPost.length, timeBills: bills.length, distinctExternalIds: perExternalId.size,
        batchUpserts: batchCalls.length, lostAnswers: lost.length, lostAnswersOfAcceptedJobs: lostAccepting.length, lostAnswersOfResubmissions: lost.length - lostAccepting.length,
        jobs: timeBillJobs.length, committedTasks: committedTasks.length, rewrites: rewrites.length, masterDataLostAnswers: masterLost.length,
        duplicates: comparison.duplicates, mismatches: comparison.mismatches.length, exceptions: comparison.exceptions.byCategory, runs: result.runsByStatus, elapsedMs: result.elapsedMs,
      };
      console.log(`exactly-once: ${JSON.stringify(report)}`);

      // The faults really bit, repeatedly: batches committed whose answer never came back (one of them
      // on all four submissions, so its run failed on an unknown outcome and was retried).
      expect(lostAccepting.length).toBeGreaterThanOrEqual(3);
      expect(lost.length).toBeGreaterThanOrEqual(6);
      expect(masterLost.length).toBeGreaterThan(0);
      // Committed batches were sent again after their answer was lost: either as the same batch (the
      // deterministic idempotency key lands on the job NetSuite already accepted — what the submit step's
      // retry does since submit and await are two steps) or in a batch of another make-up (a new job whose
      // writes land on the existing bills by external id, created: false). Either way no bill was added.
      const resubmittedAfterLoss = lost.length - lostAccepting.length;
      expect(resubmittedAfterLoss + rewrites.length, 'no committed batch was sent again: the unknown outcome was never retried').toBeGreaterThan(0);

      expect(comparison.psa.approvedLines).toBeGreaterThan(1_000);
      expect(repeated).toEqual([]);
      expect(withoutExternalId).toEqual([]);
      expect(missing.map((l) => `${l.timecardId}:${l.workDate}`)).toEqual([]);
      expect(bills.length).toBe(mustPost.length);
      expect(comparison.mismatches.slice(0, 20)).toEqual([]);
      expect(comparison.mismatches.length).toBe(0);
      expect(comparison.duplicates).toBe(0);
      expect(result.stillRunnable).toBe(0);
      expect(comparison.erp).toMatchObject({ timeBills: comparison.expectedPosted.approvedLines, hours: comparison.expectedPosted.approvedHours, billableAmount: comparison.expectedPosted.billableAmount });
      expect(comparison.exceptions.byCategory).toEqual(comparison.expectedExceptions.byCategory);
    });
  }, 900_000);
});
