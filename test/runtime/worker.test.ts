import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ThroughlineDatabase } from '../../src/persistence/database.js';
import { claimRuns } from '../../src/runtime/claims/claim-runs.js';
import { NonRetryableError, RetryableError, RetryAfterError } from '../../src/runtime/errors.js';
import { defineFlowOf } from '../../src/runtime/flows/define-flow.js';
import { defineBatchStep, defineStep } from '../../src/runtime/flows/define-step.js';
import { stepKey } from '../../src/runtime/flows/step-key.js';
import { describeEachEngine } from '../support/engines.js';
import { eventFor, runtimeHarness } from './support/runtime-harness.js';
import type { TestLineEvent } from './support/test-events.js';

const on = ['test_line.approved'] as const;
const byKey = (e: TestLineEvent) => e.data.key;

describeEachEngine('worker', (engine) => {
  let store: ThroughlineDatabase;
  beforeAll(async () => {
    store = await engine.open();
  });
  afterAll(async () => {
    await store.close();
  });
  const runsOf = (flowId: string) => store.db.selectFrom('tl_flow_run').selectAll().where('flow_id', '=', flowId).orderBy('seq').execute();

  it('runs every step in order, passes earlier outputs typed by their step keys and a stable idempotency key, and checkpoints each output', async () => {
    const seen: string[] = [];
    const doubled = stepKey<{ doubled: number }>()('a');
    const fromA = stepKey<{ fromA: number }>()('b');
    const flow = defineFlowOf<TestLineEvent>()({
      id: 'three-steps',
      on: on,
      key: byKey,
      steps: [
        defineStep({ id: doubled, invoke: async (input: TestLineEvent) => ({ doubled: input.data.n * 2 }) }),
        defineStep({
          id: fromA,
          needs: [doubled],
          invoke: async (_input: TestLineEvent, ctx) => {
            seen.push(ctx.idempotencyKey());
            return { fromA: ctx.output(doubled).doubled };
          },
        }),
        defineStep({ id: 'c', needs: [doubled, fromA], invoke: async (_input: TestLineEvent, ctx) => ({ all: [ctx.output(doubled).doubled, ctx.output(fromA).fromA] }) }),
      ],
    });
    const { intake, worker } = runtimeHarness(store, [flow]);
    await intake.ingest([eventFor('t1', 1), eventFor('t1', 2)]);
    const summary = await worker.runUntilIdle();
    expect(summary).toMatchObject({ claimed: 2, completed: 2, failed: 0 });
    const runs = await runsOf('three-steps');
    expect(runs.map((r) => r.status)).toEqual(['completed', 'completed']);
    expect(seen).toEqual(runs.map((r) => `${r.id}:b`));
    expect(runs[0]!.step_outputs).toEqual({ a: { doubled: 2 }, b: { fromA: 2 }, c: { all: [2, 2] } });
  });

  it('resumes after the last checkpoint and backs off under the retry policy, with the manual clock', async () => {
    const calls: Record<string, number> = { a: 0, b: 0 };
    let failuresLeft = 2;
    const flow = defineFlowOf<TestLineEvent>()({
      id: 'resume',
      on: on,
      key: byKey,
      steps: [
        defineStep({ id: 'a', invoke: async () => ({ n: ++calls.a! }) }),
        defineStep({
          id: 'b',
          retry: { initialIntervalMs: 1_000, backoffCoefficient: 3, maximumIntervalMs: 60_000, maximumAttempts: 5 },
          invoke: async (_input, ctx) => {
            calls.b!++;
            if (failuresLeft-- > 0) throw new RetryableError(`timeout on attempt ${ctx.attempt}`);
            return { attempt: ctx.attempt };
          },
        }),
      ],
    });
    const { intake, worker, clock } = runtimeHarness(store, [flow]);
    await intake.ingest([eventFor('t2', 1)]);
    const start = clock.now().getTime();
    expect(await worker.runUntilIdle()).toMatchObject({ retrying: 1, completed: 0 });
    let [run] = await runsOf('resume');
    expect(run).toMatchObject({ status: 'retry_wait', current_step: 'b', attempt: 1, lease_owner: null });
    expect(run!.next_attempt_at.getTime() - start).toBe(1_000);
    expect(run!.last_error).toMatchObject({ name: 'RetryableError', message: 'timeout on attempt 1' });

    await clock.advance(999);
    expect((await worker.runUntilIdle()).claimed).toBe(0);
    await clock.advance(1);
    expect(await worker.runUntilIdle()).toMatchObject({ retrying: 1 });
    [run] = await runsOf('resume');
    expect(run!.next_attempt_at.getTime() - clock.now().getTime()).toBe(3_000);

    await clock.advance(3_000);
    expect(await worker.runUntilIdle()).toMatchObject({ completed: 1 });
    [run] = await runsOf('resume');
    expect(run!.status).toBe('completed');
    expect(calls).toEqual({ a: 1, b: 3 });
    expect(run!.step_outputs).toEqual({ a: expect.anything(), b: { attempt: 3 } });
  });

  it('honours RetryAfterError and opens an exception when attempts run out', async () => {
    const flow = defineFlowOf<TestLineEvent>()({
      id: 'retry-after',
      on: on,
      key: byKey,
      impact: (e) => ({ amount: e.data.amount, currency: e.data.currency }),
      steps: [
        defineStep({
          id: 'post',
          retry: { maximumAttempts: 2 },
          invoke: async (_input, ctx) => {
            throw new RetryAfterError('429 Too Many Requests', new Date(ctx.clock.now().getTime() + 42_000), { status: 429, vendorCode: 'RATE' });
          },
        }),
      ],
    });
    const { intake, worker, clock } = runtimeHarness(store, [flow]);
    await intake.ingest([eventFor('t3', 1)]);
    await worker.runUntilIdle();
    let [run] = await runsOf('retry-after');
    expect(run!.next_attempt_at.getTime() - clock.now().getTime()).toBe(42_000);
    await clock.advance(42_000);
    expect(await worker.runUntilIdle()).toMatchObject({ failed: 1 });
    [run] = await runsOf('retry-after');
    expect(run).toMatchObject({ status: 'failed', attempt: 2 });
    const exception = await store.db.selectFrom('tl_run_exception').selectAll().where('run_id', '=', run!.id).executeTakeFirstOrThrow();
    expect(exception).toMatchObject({ category: 'retries_exhausted', vendor_code: 'RATE', message: '429 Too Many Requests', status: 'open' });
  });

  it('turns a non-retryable error into an exception with the vendor words, money impact, owner and SLA; compensates in reverse', async () => {
    const undone: string[] = [];
    const flow = defineFlowOf<TestLineEvent>()({
      id: 'saga',
      on: on,
      key: byKey,
      compensateOnFailure: true,
      owners: { default: 'finance' },
      exceptionSlaMs: 4 * 60 * 60_000,
      impact: (e) => [
        { amount: e.data.amount, currency: e.data.currency },
        { amount: '0.10', currency: e.data.currency },
      ],
      steps: [
        defineStep({ id: 'create-customer', invoke: async () => ({ customer: 'C1' }), compensate: async (o: { customer: string }) => void undone.push(`customer ${o.customer}`) }),
        defineStep({ id: 'validate', invoke: async () => ({ ok: true }) }),
        defineStep({ id: 'create-project', invoke: async () => ({ project: 'P1' }), compensate: async (o: { project: string }) => void undone.push(`project ${o.project}`) }),
        defineStep({
          id: 'post-time',
          invoke: async () => {
            throw new NonRetryableError('Invalid field value 14 for the following field: subsidiary', { vendorCode: 'INVALID_KEY_OR_REF', status: 400, kind: 'validation' });
          },
        }),
      ],
    });
    const { intake, worker, clock } = runtimeHarness(store, [flow]);
    await intake.ingest([eventFor('t4', 1, 'k1', { amount: '1234.56', currency: 'EUR' })]);
    expect(await worker.runUntilIdle()).toMatchObject({ failed: 1, retrying: 0 });
    const [run] = await runsOf('saga');
    expect(run).toMatchObject({ status: 'compensated', current_step: 'post-time' });
    expect(undone).toEqual(['project P1', 'customer C1']);
    const exception = await store.db.selectFrom('tl_run_exception').selectAll().where('run_id', '=', run!.id).executeTakeFirstOrThrow();
    expect(exception).toMatchObject({
      category: 'validation',
      message: 'Invalid field value 14 for the following field: subsidiary',
      vendor_code: 'INVALID_KEY_OR_REF',
      impact_currency: 'EUR',
      owner_domain: 'finance',
      step_id: 'post-time',
    });
    expect(Number(exception.impact_amount)).toBe(1234.66);
    expect(exception.sla_due_at.getTime() - clock.now().getTime()).toBe(4 * 60 * 60_000);
    // Undone steps leave the checkpoints (a retry runs them again) and are kept in the archive.
    expect(run!.step_outputs).toEqual({ validate: { ok: true } });
    const archived = await store.db.selectFrom('tl_step_output_archive').select(['step_id', 'output', 'reason', 'input_version']).where('run_id', '=', run!.id).orderBy('step_id').execute();
    expect(archived).toEqual([
      { step_id: 'create-customer', output: { customer: 'C1' }, reason: 'compensated', input_version: 1 },
      { step_id: 'create-project', output: { project: 'P1' }, reason: 'compensated', input_version: 1 },
    ]);
  });

  it('calls a batch step once for 200 runs and lets one bad item fail alone', async () => {
    const calls: number[] = [];
    const flow = defineFlowOf<TestLineEvent>()({
      id: 'batch',
      on: on,
      key: byKey,
      steps: [
        defineStep({ id: 'prepare', invoke: async (e: TestLineEvent) => ({ line: e.data.n }) }),
        defineBatchStep<TestLineEvent, string, { posted: number }>({
          id: 'post-lines',
          maxBatch: 200,
          invokeBatch: async (items) => {
            calls.push(items.length);
            return items.map(({ input }) =>
              input.data.n === 77
                ? { ok: false as const, error: new NonRetryableError('Project code UNKNOWN-77 does not exist', { vendorCode: 'NOT_FOUND' }) }
                : { ok: true as const, output: { posted: input.data.n } },
            );
          },
        }),
      ],
    });
    const { intake, worker } = runtimeHarness(store, [flow], { batchSize: 250 });
    await intake.ingest(Array.from({ length: 200 }, (_, i) => eventFor('t5', i)));
    expect(await worker.runUntilIdle()).toMatchObject({ claimed: 200, completed: 199, failed: 1 });
    expect(calls).toEqual([200]);
    const runs = await runsOf('batch');
    expect(runs.filter((r) => r.status === 'completed')).toHaveLength(199);
    const failed = runs.filter((r) => r.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.event_id).toBe('t5_evt_77');
  });

  it('executes runs of one key one at a time in event order, keys in parallel, and a failed run holds its key', async () => {
    const order: Record<string, number[]> = {};
    const flow = defineFlowOf<TestLineEvent>()({
      id: 'ordered',
      on: on,
      key: byKey,
      steps: [
        defineStep({
          id: 'apply',
          invoke: async (e: TestLineEvent) => {
            if (e.data.n === 8) throw new NonRetryableError('bad version');
            (order[e.data.key] ??= []).push(e.data.n);
            return {};
          },
        }),
      ],
    });
    const { intake, worker, clock } = runtimeHarness(store, [flow]);
    // keys a, b, c with 5 versions each, interleaved; n=8 (key c's third) fails permanently
    const events = Array.from({ length: 15 }, (_, i) => eventFor('t6', i, ['a', 'b', 'c'][i % 3]!));
    await intake.ingest(events);
    const probe = await claimRuns(store.db, { workerId: 'probe', limit: 100, now: clock.now(), leaseMs: 1, flowIds: ['ordered'] });
    expect(probe.map((r) => [r.orderingKey, r.eventId])).toEqual([['a', 't6_evt_0'], ['b', 't6_evt_1'], ['c', 't6_evt_2']]);
    await clock.advance(1); // the probe's leases expire, so the worker takes them over
    await worker.runUntilIdle();
    expect(order).toEqual({ a: [0, 3, 6, 9, 12], b: [1, 4, 7, 10, 13], c: [2, 5] });
    const c = (await runsOf('ordered')).filter((r) => r.ordering_key === 'c').map((r) => r.status);
    expect(c).toEqual(['completed', 'completed', 'failed', 'pending', 'pending']);
  });

  it('lets a flow opt out: a failed run then does not hold its key', async () => {
    const seen: number[] = [];
    const flow = defineFlowOf<TestLineEvent>()({
      id: 'not-blocking',
      on: on,
      key: () => 'same',
      failureBlocksKey: false,
      steps: [
        defineStep({
          id: 'apply',
          invoke: async (e: TestLineEvent) => {
            if (e.data.n === 1) throw new NonRetryableError('bad');
            seen.push(e.data.n);
            return {};
          },
        }),
      ],
    });
    const { intake, worker } = runtimeHarness(store, [flow]);
    await intake.ingest([0, 1, 2, 3].map((i) => eventFor('t7', i)));
    await worker.runUntilIdle();
    expect(seen).toEqual([0, 2, 3]);
  });

  it('claims higher priority first and re-claims runs whose lease expired', async () => {
    const seen: number[] = [];
    const flow = defineFlowOf<TestLineEvent>()({
      id: 'leases',
      on: on,
      key: byKey,
      priority: (e) => (e.data.n >= 8 ? 10 : 0),
      steps: [defineStep({ id: 'only', invoke: async (e: TestLineEvent) => void seen.push(e.data.n) })],
    });
    const { intake, worker, clock } = runtimeHarness(store, [flow], { batchSize: 4 });
    await intake.ingest(Array.from({ length: 10 }, (_, i) => eventFor('t8', i)));
    const dead = await claimRuns(store.db, { workerId: 'dead-worker', limit: 2, now: clock.now(), leaseMs: 30_000, flowIds: ['leases'] });
    expect(dead.map((r) => r.eventId)).toEqual(['t8_evt_8', 't8_evt_9']);
    await worker.runUntilIdle();
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    await clock.advance(30_000);
    await worker.runUntilIdle();
    expect(seen.slice(8)).toEqual([8, 9]);
    expect((await runsOf('leases')).every((r) => r.status === 'completed')).toBe(true);
  });
});
