import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../src/canonical/envelope.js';
import type { ThroughlineDatabase } from '../../src/persistence/database.js';
import { RetryableError } from '../../src/runtime/errors.js';
import { defineFlowOf, type FlowDefinition } from '../../src/runtime/flows/define-flow.js';
import { defineStep } from '../../src/runtime/flows/define-step.js';
import { describeEachEngine } from '../support/engines.js';
import { eventFor, runtimeHarness } from './support/runtime-harness.js';
import type { TestLineEvent, TestLinePostedEvent } from './support/test-events.js';

const on = ['test_line.approved'] as const;
const byKey = (e: TestLineEvent) => e.data.key;

/** The outcome event a step emits for `input`; `version` makes each emission a distinct event (no dedupe can hide a second one). */
function posted(input: TestLineEvent, ref: string, version = '1'): TestLinePostedEvent {
  return {
    id: `posted_${input.id}_${version}`,
    type: 'test_line.posted',
    subject: input.subject,
    source: 'test-flow',
    sourceId: input.sourceId,
    sourceVersion: version,
    time: input.time,
    correlationId: input.correlationId,
    causationId: input.id,
    schemaVersion: '1.0',
    data: { key: input.data.key, ref },
  };
}

describeEachEngine('outcome events (ctx.emit)', (engine) => {
  let store: ThroughlineDatabase;
  beforeAll(async () => {
    store = await engine.open();
  });
  afterAll(async () => {
    await store.close();
  });
  const runsOf = (flowId: string) => store.db.selectFrom('tl_flow_run').selectAll().where('flow_id', '=', flowId).orderBy('seq').execute();
  const postedEvents = (sourceIdPrefix: string) =>
    store.db.selectFrom('tl_event').selectAll().where('type', '=', 'test_line.posted').where('source_id', 'like', `${sourceIdPrefix}%`).orderBy('position').execute();

  it('appends an emitted event once the run completes, and only once although a later step fails and is retried', async () => {
    let emits = 0;
    let failuresLeft = 1;
    const flow = defineFlowOf<TestLineEvent>()({
      id: 'emit-then-later-fails',
      on,
      key: byKey,
      steps: [
        defineStep({
          id: 'post',
          invoke: async (input: TestLineEvent, ctx) => {
            emits++;
            // A distinct event per invocation: only the checkpoint, not the log's dedupe, can keep it to one.
            ctx.emit(posted(input, `REF-${input.data.n}`, `call-${emits}`));
            return { ref: `REF-${input.data.n}` };
          },
        }),
        defineStep({
          id: 'after',
          retry: { initialIntervalMs: 1_000, maximumAttempts: 3 },
          invoke: async () => {
            if (failuresLeft-- > 0) throw new RetryableError('timeout');
            return { ok: true };
          },
        }),
      ],
    });
    const { intake, worker, clock } = runtimeHarness(store, [flow]);
    await intake.ingest([eventFor('oe1', 1)]);
    expect(await worker.runUntilIdle()).toMatchObject({ retrying: 1, completed: 0 });
    // The emitting step's checkpoint was recorded with the retry, and its event with it.
    let [run] = await runsOf('emit-then-later-fails');
    expect(run).toMatchObject({ status: 'retry_wait', current_step: 'after', attempt: 1 });
    expect(run!.step_outputs).toEqual({ post: { ref: 'REF-1' } });
    expect((await postedEvents('oe1_')).map((e) => e.source_version)).toEqual(['call-1']);

    await clock.advance(1_000);
    expect(await worker.runUntilIdle()).toMatchObject({ completed: 1 });
    [run] = await runsOf('emit-then-later-fails');
    expect(run!.status).toBe('completed');
    expect(emits).toBe(1);
    const events = await postedEvents('oe1_');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ id: 'posted_oe1_evt_1_call-1', subject: 'line:k1', causation_id: 'oe1_evt_1', data: { key: 'k1', ref: 'REF-1' } });
  });

  it('appends nothing for an attempt that emits and then throws, and one event after the successful retry', async () => {
    const flow = defineFlowOf<TestLineEvent>()({
      id: 'emit-then-throw',
      on,
      key: byKey,
      steps: [
        defineStep({
          id: 'post',
          retry: { initialIntervalMs: 1_000, maximumAttempts: 3 },
          invoke: async (input: TestLineEvent, ctx) => {
            ctx.emit(posted(input, 'REF', `attempt-${ctx.attempt}`));
            if (ctx.attempt === 1) throw new RetryableError('connection reset after emitting');
            return { ok: true };
          },
        }),
      ],
    });
    const { intake, worker, clock } = runtimeHarness(store, [flow]);
    await intake.ingest([eventFor('oe2', 1)]);
    expect(await worker.runUntilIdle()).toMatchObject({ retrying: 1 });
    expect(await postedEvents('oe2_')).toEqual([]);
    await clock.advance(1_000);
    expect(await worker.runUntilIdle()).toMatchObject({ completed: 1 });
    const events = await postedEvents('oe2_');
    expect(events.map((e) => e.source_version)).toEqual(['attempt-2']);
  });

  it('drops the events of a run whose lease was lost before its checkpoint', async () => {
    const flow = defineFlowOf<TestLineEvent>()({
      id: 'emit-lease-lost',
      on,
      key: byKey,
      steps: [
        defineStep({
          id: 'post',
          invoke: async (input: TestLineEvent, ctx) => {
            ctx.emit(posted(input, 'REF'));
            // Another worker took the run over meanwhile: the checkpoint's fence must drop this outcome.
            await store.db.updateTable('tl_flow_run').set({ lease_owner: 'someone-else' }).where('id', '=', ctx.runId).execute();
            return { ok: true };
          },
        }),
      ],
    });
    const { intake, worker } = runtimeHarness(store, [flow]);
    await intake.ingest([eventFor('oe3', 1)]);
    expect(await worker.runUntilIdle()).toMatchObject({ completed: 0, lost: 1 });
    const [run] = await runsOf('emit-lease-lost');
    expect(run).toMatchObject({ status: 'running', lease_owner: 'someone-else' });
    expect(run!.step_outputs).toEqual({});
    expect(await postedEvents('oe3_')).toEqual([]);
  });

  it('fails the step permanently, naming the invalid event, when an emitted event does not validate', async () => {
    let calls = 0;
    const flow = defineFlowOf<TestLineEvent>()({
      id: 'emit-invalid',
      on,
      key: byKey,
      steps: [
        defineStep({
          id: 'post',
          invoke: async (input: TestLineEvent, ctx) => {
            calls++;
            const { key } = input.data;
            ctx.emit({ ...posted(input, 'REF'), data: { key } } as unknown as CanonicalEvent);
            return { ok: true };
          },
        }),
      ],
    });
    const { intake, worker } = runtimeHarness(store, [flow]);
    await intake.ingest([eventFor('oe4', 1)]);
    expect(await worker.runUntilIdle()).toMatchObject({ failed: 1, retrying: 0 });
    expect(calls).toBe(1);
    const [run] = await runsOf('emit-invalid');
    expect(run!.status).toBe('failed');
    const exception = await store.db.selectFrom('tl_run_exception').selectAll().where('run_id', '=', run!.id).executeTakeFirstOrThrow();
    expect(exception).toMatchObject({ category: 'non_retryable', step_id: 'post', status: 'open' });
    expect(exception.message).toContain('invalid test_line.posted event');
    expect(exception.message).toContain('ref');
    expect(await postedEvents('oe4_')).toEqual([]);
  });

  it('creates the runs of flows subscribed to an emitted event', async () => {
    const seen: string[] = [];
    const producer = defineFlowOf<TestLineEvent>()({
      id: 'emit-producer',
      on,
      key: byKey,
      steps: [defineStep({ id: 'post', invoke: async (input: TestLineEvent, ctx) => void ctx.emit(posted(input, `REF-${input.data.n}`)) })],
    });
    const consumer = defineFlowOf<TestLinePostedEvent>()({
      id: 'emit-consumer',
      on: ['test_line.posted'],
      key: (e) => e.data.key,
      steps: [defineStep({ id: 'notice', invoke: async (input: TestLinePostedEvent) => void seen.push(input.data.ref) })],
    });
    const { intake, worker } = runtimeHarness(store, [producer, consumer as unknown as FlowDefinition<TestLineEvent>]);
    await intake.ingest([eventFor('oe5', 1), eventFor('oe5', 2)]);
    await worker.runUntilIdle();
    expect((await runsOf('emit-producer')).map((r) => r.status)).toEqual(['completed', 'completed']);
    const consumerRuns = await runsOf('emit-consumer');
    expect(consumerRuns.map((r) => [r.event_id, r.status])).toEqual([
      ['posted_oe5_evt_1_1', 'completed'],
      ['posted_oe5_evt_2_1', 'completed'],
    ]);
    expect(seen.sort()).toEqual(['REF-1', 'REF-2']);
  });

  it('appends emitted events in the checkpoint transaction: an event the log refuses rolls the checkpoint back too', async () => {
    const producer = defineFlowOf<TestLineEvent>()({
      id: 'emit-atomic-producer',
      on,
      key: byKey,
      steps: [defineStep({ id: 'post', invoke: async (input: TestLineEvent, ctx) => void ctx.emit(posted(input, 'REF')) })],
    });
    // Valid by schema (so emit accepts it), but a subscriber cannot key it: the log refuses it when appending.
    const consumer = defineFlowOf<TestLinePostedEvent>()({
      id: 'emit-atomic-consumer',
      on: ['test_line.posted'],
      key: (e) => {
        if (e.data.key === 'unkeyable') throw new Error('no ordering key for unkeyable');
        return e.data.key;
      },
      steps: [defineStep({ id: 'notice', invoke: async () => ({}) })],
    });
    const { intake, worker } = runtimeHarness(store, [producer, consumer as unknown as FlowDefinition<TestLineEvent>]);
    await intake.ingest([eventFor('oe6', 1, 'unkeyable')]);
    await expect(worker.runUntilIdle()).rejects.toThrow(/refused by the event log/);
    const [run] = await runsOf('emit-atomic-producer');
    expect(run!.step_outputs).toEqual({});
    expect(run!.status).toBe('running');
    expect(await postedEvents('oe6_')).toEqual([]);
    expect(await runsOf('emit-atomic-consumer')).toEqual([]);
  });
});
