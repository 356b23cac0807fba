import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ThroughlineDatabase } from '../../src/persistence/database.js';
import { RetryableError, RetryAfterError, WaitError } from '../../src/runtime/errors.js';
import { defineFlowOf } from '../../src/runtime/flows/define-flow.js';
import { defineStep } from '../../src/runtime/flows/define-step.js';
import { decideAfterFailure, defaultRetryPolicy, type RetryPolicy } from '../../src/runtime/retry/retry-policy.js';
import { describeEachEngine } from '../support/engines.js';
import { eventFor, runtimeHarness } from './support/runtime-harness.js';
import type { TestLineEvent } from './support/test-events.js';

const on = ['test_line.approved'] as const;
const byKey = (e: TestLineEvent) => e.data.key;

describe('decideAfterFailure with a WaitError', () => {
  const policy: RetryPolicy = { ...defaultRetryPolicy, initialIntervalMs: 1_000, maximumAttempts: 2 };
  const now = new Date('2026-03-01T10:00:00.000Z');
  const at = new Date('2026-03-01T10:05:00.000Z');

  it('retries at its retryAt without counting the attempt, even when the attempts are spent', () => {
    for (const failedAttempts of [1, 2, 3, 50]) {
      expect(decideAfterFailure(policy, new WaitError('job running', at), failedAttempts, now)).toEqual({ kind: 'retry', at, counted: false });
    }
  });

  it('classifies a stored (JSON) WaitError the same, and never waits into the past', () => {
    const stored = JSON.parse(JSON.stringify({ name: 'WaitError', message: 'job running', retryAt: at })) as unknown;
    expect(decideAfterFailure(policy, stored, 2, now)).toEqual({ kind: 'retry', at, counted: false });
    const past = new Date(now.getTime() - 60_000);
    expect(decideAfterFailure(policy, new WaitError('job running', past), 2, now)).toEqual({ kind: 'retry', at: now, counted: false });
  });

  it('unlike RetryAfterError, which counts and is permanent once the attempts are spent', () => {
    expect(decideAfterFailure(policy, new RetryAfterError('429', at), 1, now)).toEqual({ kind: 'retry', at, counted: true });
    expect(decideAfterFailure(policy, new RetryAfterError('429', at), 2, now)).toEqual({ kind: 'permanent', reason: 'attempts_exhausted' });
  });
});

describeEachEngine('WaitError in the worker', (engine) => {
  let store: ThroughlineDatabase;
  beforeAll(async () => {
    store = await engine.open();
  });
  afterAll(async () => {
    await store.close();
  });
  const runOf = async (flowId: string) => (await store.db.selectFrom('tl_flow_run').selectAll().where('flow_id', '=', flowId).orderBy('seq').execute())[0]!;

  it('waits five times past a maximumAttempts of 2 and completes; the attempt column stays 0 and ctx.attempt 1', async () => {
    const attempts: number[] = [];
    let waitsLeft = 5;
    let retryAt = new Date(0);
    const flow = defineFlowOf<TestLineEvent>()({
      id: 'wait-then-done',
      on,
      key: byKey,
      steps: [
        defineStep({
          id: 'poll-job',
          retry: { initialIntervalMs: 1_000, maximumAttempts: 2 },
          invoke: async (_input: TestLineEvent, ctx) => {
            attempts.push(ctx.attempt);
            if (waitsLeft-- > 0) {
              retryAt = new Date(ctx.clock.now().getTime() + 30_000);
              throw new WaitError('job running', retryAt);
            }
            return { done: true };
          },
        }),
      ],
    });
    const { intake, worker, clock } = runtimeHarness(store, [flow]);
    await intake.ingest([eventFor('we1', 1)]);
    for (let wait = 1; wait <= 5; wait++) {
      expect(await worker.runUntilIdle()).toMatchObject({ claimed: 1, retrying: 1, failed: 0, completed: 0 });
      const run = await runOf('wait-then-done');
      expect(run).toMatchObject({ status: 'retry_wait', current_step: 'poll-job', attempt: 0, lease_owner: null });
      expect(run.next_attempt_at.getTime()).toBe(retryAt.getTime());
      expect(run.last_error).toMatchObject({ name: 'WaitError', message: 'job running' });
      // Not before its time.
      await clock.advance(29_999);
      expect((await worker.runUntilIdle()).claimed).toBe(0);
      await clock.advance(1);
    }
    expect(await worker.runUntilIdle()).toMatchObject({ completed: 1, failed: 0 });
    const run = await runOf('wait-then-done');
    expect(run).toMatchObject({ status: 'completed', attempt: 0, step_outputs: { 'poll-job': { done: true } } });
    expect(attempts).toEqual([1, 1, 1, 1, 1, 1]);
    expect(await store.db.selectFrom('tl_run_exception').select('id').where('run_id', '=', run.id).execute()).toEqual([]);
  });

  it('neither spends nor resets the failures counted before a wait: a second real failure still exhausts maximumAttempts 2', async () => {
    const script: Array<'fail' | 'wait'> = ['fail', 'wait', 'wait', 'wait', 'fail'];
    const attempts: number[] = [];
    const flow = defineFlowOf<TestLineEvent>()({
      id: 'fail-wait-fail',
      on,
      key: byKey,
      steps: [
        defineStep({
          id: 'poll-job',
          retry: { initialIntervalMs: 1_000, maximumAttempts: 2 },
          invoke: async (_input: TestLineEvent, ctx) => {
            attempts.push(ctx.attempt);
            if (script.shift() === 'wait') throw new WaitError('job running', new Date(ctx.clock.now().getTime() + 10_000));
            throw new RetryableError('timeout');
          },
        }),
      ],
    });
    const { intake, worker, clock } = runtimeHarness(store, [flow]);
    await intake.ingest([eventFor('we2', 1)]);
    await worker.runUntilIdle();
    expect(await runOf('fail-wait-fail')).toMatchObject({ status: 'retry_wait', attempt: 1 });
    await clock.advance(1_000);
    for (let wait = 1; wait <= 3; wait++) {
      expect(await worker.runUntilIdle()).toMatchObject({ retrying: 1 });
      expect(await runOf('fail-wait-fail')).toMatchObject({ status: 'retry_wait', attempt: 1 });
      await clock.advance(10_000);
    }
    expect(await worker.runUntilIdle()).toMatchObject({ failed: 1 });
    const run = await runOf('fail-wait-fail');
    expect(run).toMatchObject({ status: 'failed', attempt: 2 });
    expect(attempts).toEqual([1, 2, 2, 2, 2]);
    const exception = await store.db.selectFrom('tl_run_exception').selectAll().where('run_id', '=', run.id).executeTakeFirstOrThrow();
    expect(exception.category).toBe('retries_exhausted');
  });
});
