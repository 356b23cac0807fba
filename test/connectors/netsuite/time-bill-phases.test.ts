import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { netSuiteEndpointBudget } from '../../../src/connectors/netsuite/config.js';
import type { LedgerPort, TimeBillResults, TimeBillSubmission } from '../../../src/connectors/ports/ledger.js';
import { createManualClock, type ManualClock } from '../../../src/runtime/clock.js';
import { RetryableError, WaitError, retryDispositionOf } from '../../../src/runtime/errors.js';
import { createGovernor } from '../../../src/runtime/governor/create-governor.js';
import { setPeriodClosed } from '../../../src/sandboxes/netsuite/rules/accounting-periods.js';
import { waitFor } from '../../support/wait-for.js';
import { startConnectorHarness, type ConnectorHarness } from './support/harness.js';
import { setUpLedger, type LedgerFixture } from './support/ledger-fixture.js';

const SUBMIT = /\/record\/v1\/timeBill$/;
const JOB = /\/async\/v1\/job\/\d+$/;

/**
 * The two checkpointable phases of a batch write (submit, then look at the job), on a manual hub clock:
 * nothing here sleeps on the wall clock, and nothing in the connector retries.
 */
describe('NetSuite time bills in two phases: submitTimeBills + timeBillResults', () => {
  let h: ConnectorHarness;
  let f: LedgerFixture;
  let clock: ManualClock;
  let ledger: Required<Pick<LedgerPort, 'submitTimeBills' | 'timeBillResults' | 'upsertTimeBills'>>;
  beforeAll(async () => {
    clock = createManualClock('2026-03-15T12:00:00.000Z');
    h = await startConnectorHarness({ hubClock: clock, config: { timeBillBatchSize: 4, jobPolling: { initialDelayMs: 1_000, maxDelayMs: 60_000 } } });
    f = await setUpLedger(h.connector);
    ledger = h.connector.ledger as typeof ledger;
  });
  afterAll(() => h.stop());
  beforeEach(async () => {
    await setFaults([]);
  });
  const setFaults = (rules: unknown[]) =>
    fetch(`${h.sandbox.adminUrl}/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules }) });
  const requestsSince = async (since: number, method: string, path: RegExp) => (await h.requestLog()).slice(since).filter((e) => e.method === method && path.test(e.path));
  const jobsOf = (submission: TimeBillSubmission) => submission.jobs.map((job) => h.sandbox.store.state.asyncJobs[job.location.split('/').pop()!]!);
  const jobsFinished = (submission: TimeBillSubmission) => jobsOf(submission).every((job) => job.completedDate !== undefined);

  it('submits once per batch and returns plain JSON; a look at an unfinished job is one request and a poll time, then the outcomes', async () => {
    setPeriodClosed(h.sandbox.store, '2026-01', true);
    const bills = Array.from({ length: 6 }, (_, n) => f.bill(500 + n));
    bills[2] = { ...bills[2]!, workDate: '2026-01-20' };
    bills[4] = { ...bills[4]!, rate: { amount: '150.00', currency: 'EUR' }, currency: 'USD' };
    const since = (await h.requestLog()).length;

    const submission = await ledger.submitTimeBills(bills);
    // Checkpointable: the submission survives JSON as it is.
    expect(JSON.parse(JSON.stringify(submission))).toEqual(submission);
    expect(submission).toMatchObject({ submittedAt: '2026-03-15T12:00:00.000Z', externalIds: bills.map((b) => b.externalId) });
    // The currency mismatch is refused before sending; the five others went in two batches (4 + 1).
    expect(submission.outcomes[4]).toMatchObject({ ok: false, failure: { name: 'NonRetryableError', kind: 'currency_mismatch' } });
    expect(submission.jobs.map((job) => job.positions)).toEqual([[0, 1, 2, 3], [5]]);
    expect(await requestsSince(since, 'PUT', SUBMIT)).toHaveLength(2);

    // Hold the first job unfinished (as a long NetSuite job would be).
    await waitFor(() => jobsFinished(submission), { what: 'the sandbox to run the jobs' });
    const [first] = jobsOf(submission);
    const completedDate = first!.completedDate;
    delete first!.completedDate;
    await clock.advance(4_000);
    const beforeLook = (await h.requestLog()).length;
    const pending = await ledger.timeBillResults(submission);
    expect(pending).toEqual({ done: false, pollAt: new Date('2026-03-15T12:00:08.000Z') } satisfies TimeBillResults);
    expect((await h.requestLog()).slice(beforeLook).map((e) => `${e.method} ${JOB.test(e.path) ? 'job' : e.path}`)).toEqual(['GET job']);
    expect(clock.now().toISOString()).toBe('2026-03-15T12:00:04.000Z');

    first!.completedDate = completedDate;
    const results = await ledger.timeBillResults(JSON.parse(JSON.stringify(submission)) as TimeBillSubmission);
    expect(results.done).toBe(true);
    const outcomes = results.done ? results.outcomes : [];
    expect(outcomes.map((o) => o.externalId)).toEqual(bills.map((b) => b.externalId));
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, false, true, false, true]);
    expect(outcomes[2]).toMatchObject({ ok: false, failure: { name: 'NonRetryableError', vendorCode: 'USER_ERROR', message: expect.stringContaining('is closed') } });
    expect(outcomes[0]).toMatchObject({ ok: true, created: true, record: { system: 'netsuite', objectType: 'timeBill' } });
    expect(h.sandbox.store.list('timeBill').filter((r) => bills.some((b) => b.externalId === r.externalId))).toHaveLength(4);
  });

  it('submitting the same bills again (a retried submit step) lands on the same jobs; updates read created: false', async () => {
    const bills = Array.from({ length: 3 }, (_, n) => f.bill(600 + n));
    const first = await ledger.submitTimeBills(bills);
    const again = await ledger.submitTimeBills(bills);
    expect(again.jobs.map((job) => job.location)).toEqual(first.jobs.map((job) => job.location));
    await waitFor(() => jobsFinished(first), { what: 'the job to run' });
    const results = await ledger.timeBillResults(again);
    // (Whether they read created depends on whether the first job had run before the second submit.)
    expect(results.done && results.outcomes.map((o) => o.ok)).toEqual([true, true, true]);
    expect(h.sandbox.store.list('timeBill').filter((r) => bills.some((b) => b.externalId === r.externalId))).toHaveLength(3);

    const corrected = await ledger.submitTimeBills(bills.map((b) => ({ ...b, hours: '2.5' })));
    expect(corrected.jobs[0]!.existedBefore).toEqual([0, 1, 2]);
    await waitFor(() => jobsFinished(corrected), { what: 'the correction to run' });
    const updated = await ledger.timeBillResults(corrected);
    expect(updated.done && updated.outcomes.map((o) => o.ok && o.created)).toEqual([false, false, false]);
    expect(h.sandbox.store.findByExternalId('timeBill', bills[0]!.externalId)).toMatchObject({ hours: '2.5' });
  });

  it('a job still unfinished 30 minutes after its submit (by the hub clock) is a RetryableError job_timeout', async () => {
    const submission = await ledger.submitTimeBills([f.bill(700)]);
    await waitFor(() => jobsFinished(submission), { what: 'the job to run' });
    const [job] = jobsOf(submission);
    delete job!.completedDate;
    await clock.advance(29 * 60_000);
    expect(await ledger.timeBillResults(submission)).toMatchObject({ done: false, pollAt: new Date(clock.now().getTime() + 60_000) });
    await clock.advance(2 * 60_000);
    const overdue = await ledger.timeBillResults(submission).catch((error: unknown) => error);
    expect(overdue).toBeInstanceOf(RetryableError);
    expect(overdue).toMatchObject({ details: { kind: 'job_timeout' } });
    job!.completedDate = clock.now().toISOString();
  });

  it('a 5xx on the submit is a RetryableError after exactly one request (no attempt multiplied in the connector)', async () => {
    await setFaults([{ match: { method: 'PUT', path: '^/services/rest/record/v1/timeBill$' }, errorRate: { '503': 1 } }]);
    const bills = Array.from({ length: 3 }, (_, n) => f.bill(800 + n));
    const jobsBefore = Object.keys(h.sandbox.store.state.asyncJobs).length;
    let since = (await h.requestLog()).length;
    const failure = await ledger.submitTimeBills(bills).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RetryableError);
    expect(failure).toMatchObject({ details: { status: 503 } });
    expect(await requestsSince(since, 'PUT', SUBMIT)).toHaveLength(1);

    // The blocking path too: one request, each bill's retryable failure.
    since = (await h.requestLog()).length;
    const outcomes = await ledger.upsertTimeBills(bills);
    expect(outcomes.map((o) => !o.ok && o.failure.name)).toEqual(['RetryableError', 'RetryableError', 'RetryableError']);
    expect(await requestsSince(since, 'PUT', SUBMIT)).toHaveLength(1);
    expect(Object.keys(h.sandbox.store.state.asyncJobs)).toHaveLength(jobsBefore);
  });

  it('a 5xx on the look at a job is a RetryableError after exactly one request', async () => {
    const submission = await ledger.submitTimeBills([f.bill(900)]);
    await waitFor(() => jobsFinished(submission), { what: 'the job to run' });
    await setFaults([{ match: { method: 'GET', path: '/async/v1/job/\\d+$' }, errorRate: { '503': 1 } }]);
    const since = (await h.requestLog()).length;
    const failure = await ledger.timeBillResults(submission).catch((error: unknown) => error);
    expect(retryDispositionOf(failure)).toBe('retryable');
    expect(await requestsSince(since, 'GET', JOB)).toHaveLength(1);
  });
});

describe('a 429 storm on a batch submit under the governor', () => {
  let h: ConnectorHarness;
  let f: LedgerFixture;
  let clock: ManualClock;
  afterAll(() => h.stop());

  it('costs at most the throttle budget in waits, then one WaitError (not an attempt): 4 requests, not 6 x 4', async () => {
    clock = createManualClock('2026-03-15T12:00:00.000Z');
    h = await startConnectorHarness({ hubClock: clock });
    const budget = { ...netSuiteEndpointBudget(h.config.connection), throttleBudgetMs: 2_000 };
    // random 1: no jitter, so the backoffs are 250 (NetSuite's concurrency backoff), 500, 1,000, 1,000 ms.
    const governor = createGovernor({ clock, mode: 'local', processId: 'test', endpoints: { netsuite: budget }, retryOnThrottle: { initialBackoffMs: 250, maxBackoffMs: 1_000 }, random: () => 1 });
    const governed = h.connect({}, { governor });
    f = await setUpLedger(governed);
    await fetch(`${h.sandbox.adminUrl}/faults`, {
      method: 'PUT', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ match: { method: 'PUT', path: '^/services/rest/record/v1/timeBill$' }, throttleRate: 1 }] }),
    });
    const bills = Array.from({ length: 10 }, (_, n) => f.bill(n));
    const since = (await h.requestLog()).length;
    const startedAt = clock.now().getTime();
    let settled: { error: unknown } | undefined;
    void governed.ledger.submitTimeBills!(bills).then(
      () => (settled = { error: undefined }),
      (error: unknown) => (settled = { error }),
    );
    await waitFor(() => settled !== undefined, { what: 'the throttled submit to end', between: () => clock.advance(50) });

    const submits = await (async () => (await h.requestLog()).slice(since).filter((e) => e.method === 'PUT' && SUBMIT.test(e.path)))();
    // 250 + 500 + 1,000 = 1,750 ms of waits fit the 2,000 ms budget; the next 1,000 would not.
    expect(submits.map((e) => e.status)).toEqual([429, 429, 429, 429]);
    const error = settled!.error;
    expect(error).toBeInstanceOf(WaitError);
    expect(error).toMatchObject({ details: { kind: 'concurrency_limit', status: 429 } });
    expect(retryDispositionOf(error)).toBe('wait');
    expect(clock.now().getTime() - startedAt).toBeGreaterThanOrEqual(1_750);
    const untilRetry = (error as WaitError).retryAt.getTime() - clock.now().getTime();
    expect(untilRetry).toBeGreaterThan(900);
    expect(untilRetry).toBeLessThanOrEqual(1_000);
    expect(Object.keys(h.sandbox.store.state.asyncJobs)).toHaveLength(0);
    expect((await governor.snapshot()).endpoints[0]).toMatchObject({ throttles: 4, retried: 3, deferred: 1 });
  });
});
