import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ThroughlineDatabase } from '../../src/persistence/database.js';
import { listAuditEntries } from '../../src/runtime/audit/list-audit-entries.js';
import { verifyAuditChain } from '../../src/runtime/audit/verify-audit-chain.js';
import { NonRetryableError } from '../../src/runtime/errors.js';
import { createExceptionQueue } from '../../src/runtime/exceptions/exception-actions.js';
import { defineFlowOf } from '../../src/runtime/flows/define-flow.js';
import { defineStep } from '../../src/runtime/flows/define-step.js';
import { describeEachEngine } from '../support/engines.js';
import { eventFor, runtimeHarness } from './support/runtime-harness.js';
import { testLineEvent, type TestLineEvent } from './support/test-events.js';

describeEachEngine('exception queue', (engine) => {
  let store: ThroughlineDatabase;
  beforeAll(async () => {
    store = await engine.open();
  });
  afterAll(async () => {
    await store.close();
  });

  /** A ledger flow whose posting rejects unknown project codes until `known` contains them. */
  const ledgerFlow = (id: string, known: Set<string>, affectsLedger: boolean) =>
    defineFlowOf<TestLineEvent>()({
      id,
      on: ['test_line.approved'],
      key: (e) => e.subject,
      owners: { default: 'finance' },
      exceptionSlaMs: 60 * 60_000,
      impact: (e) => ({ amount: e.data.amount, currency: e.data.currency }),
      steps: [
        defineStep({ id: 'resolve-rate', invoke: async (e: TestLineEvent) => ({ rate: '150.00', key: e.data.key }) }),
        defineStep({
          id: 'post-time-bill',
          affectsLedger,
          invoke: async (e: TestLineEvent) => {
            if (!known.has(e.data.key)) throw new NonRetryableError(`Invalid project reference key ${e.data.key}`, { vendorCode: 'INVALID_KEY_OR_REF' });
            return { posted: e.data.key };
          },
        }),
      ],
    });

  it('retry after the cause is fixed completes the run and closes the exception; every action is audited', async () => {
    const known = new Set<string>();
    const flow = ledgerFlow('exc-retry', known, false);
    const { intake, worker, clock, registry } = runtimeHarness(store, [flow]);
    const queue = createExceptionQueue({ db: store.db, clock, flows: registry });
    await intake.ingest([eventFor('x1', 1, 'PRJ-1', { amount: '300.00' }), eventFor('x1', 2, 'PRJ-1', { amount: '50.00' })]);
    await worker.runUntilIdle();
    const [exception] = await queue.list({ flowId: 'exc-retry', status: 'unresolved' });
    expect(exception).toMatchObject({
      category: 'non_retryable',
      message: 'Invalid project reference key PRJ-1',
      vendorCode: 'INVALID_KEY_OR_REF',
      impact: { amount: '300', currency: 'USD' },
      ownerDomain: 'finance',
      status: 'open',
      ageMs: 0,
      slaBreached: false,
    });
    await clock.advance(2 * 60 * 60_000);
    expect(await queue.get(exception!.id)).toMatchObject({ ageMs: 2 * 60 * 60_000, slaBreached: true });

    known.add('PRJ-1');
    expect((await queue.retryException(exception!.id, 'ana@firm')).status).toBe('retrying');
    await expect(queue.retryException(exception!.id, 'ana@firm')).rejects.toThrow(/retrying, not open/);
    await worker.runUntilIdle();
    const runs = await store.db.selectFrom('tl_flow_run').select(['status', 'event_id']).where('flow_id', '=', 'exc-retry').orderBy('seq').execute();
    expect(runs.map((r) => r.status)).toEqual(['completed', 'completed']); // the held-back second version ran after
    expect(await queue.get(exception!.id)).toMatchObject({ status: 'resolved', resolvedBy: 'runtime' });
    const audit = await listAuditEntries(store.db, { subjectType: 'exception', subjectId: exception!.id });
    expect(audit.map((a) => [a.actor, a.action])).toEqual([
      ['ana@firm', 'exception.retry'],
      ['runtime', 'exception.resolved_by_completion'],
    ]);
    expect(audit[0]!.before).toMatchObject({ status: 'open', runStatus: 'failed' });
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true });
  });

  it('replay with corrected input keeps the original, needs a second approver for ledger flows, and completes', async () => {
    const known = new Set(['PRJ-OK']);
    const flow = ledgerFlow('exc-replay', known, true);
    const { intake, worker, clock, registry } = runtimeHarness(store, [flow]);
    const queue = createExceptionQueue({ db: store.db, clock, flows: registry, definitions: [testLineEvent] });
    const original = eventFor('x2', 1, 'PRJ-TYPO');
    await intake.ingest([original]);
    await worker.runUntilIdle();
    const [exception] = await queue.list({ flowId: 'exc-replay' });
    const corrected = { ...original, data: { ...original.data, key: 'PRJ-OK' } };
    await expect(queue.replayException(exception!.id, corrected, 'ana@firm')).rejects.toThrow(/second approver/);
    await expect(queue.replayException(exception!.id, corrected, 'ana@firm', { approver: 'ana@firm' })).rejects.toThrow(/second approver/);
    await expect(
      queue.replayException(exception!.id, { ...corrected, data: { ...corrected.data, currency: 'usd' } }, 'ana@firm', { approver: 'ben@firm' }),
    ).rejects.toThrow(/invalid/);
    await queue.replayException(exception!.id, corrected, 'ana@firm', { approver: 'ben@firm' });
    await worker.runUntilIdle();
    const run = await store.db.selectFrom('tl_flow_run').selectAll().where('flow_id', '=', 'exc-replay').executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: 'completed', input_version: 2 });
    expect(run.step_outputs).toEqual({ 'resolve-rate': { rate: '150.00', key: 'PRJ-OK' }, 'post-time-bill': { posted: 'PRJ-OK' } });
    const superseded = await store.db.selectFrom('tl_step_output_archive').select(['step_id', 'input_version', 'output', 'reason']).where('run_id', '=', run.id).execute();
    expect(superseded).toEqual([{ step_id: 'resolve-rate', input_version: 1, output: { rate: '150.00', key: 'PRJ-TYPO' }, reason: 'superseded' }]);
    const event = await store.db.selectFrom('tl_event').select('data').where('id', '=', original.id).executeTakeFirstOrThrow();
    expect(event.data).toMatchObject({ key: 'PRJ-TYPO' });
    const inputs = await store.db.selectFrom('tl_run_input').selectAll().where('run_id', '=', run.id).execute();
    expect(inputs).toHaveLength(1);
    expect(inputs[0]).toMatchObject({ version: 2, actor: 'ana@firm', approver: 'ben@firm' });
    const audit = await listAuditEntries(store.db, { subjectType: 'exception', subjectId: exception!.id });
    expect(audit[0]).toMatchObject({ actor: 'ana@firm', action: 'exception.replay' });
    expect(audit[0]!.after).toMatchObject({ inputVersion: 2, approver: 'ben@firm' });
  });

  it('resolve with a note cancels the failed run, releases its key', async () => {
    const flow = ledgerFlow('exc-resolve', new Set(['PRJ-2']), false);
    const { intake, worker, clock, registry } = runtimeHarness(store, [flow]);
    const queue = createExceptionQueue({ db: store.db, clock, flows: registry });
    await intake.ingest([eventFor('x3', 1, 'PRJ-2', { key: 'PRJ-X' }), eventFor('x3', 2, 'PRJ-2')]);
    // the first event's project key is wrong (PRJ-X); both are about line PRJ-2, so the second waits behind it
    await worker.runUntilIdle();
    let statuses = await store.db.selectFrom('tl_flow_run').select('status').where('flow_id', '=', 'exc-resolve').orderBy('seq').execute();
    expect(statuses.map((s) => s.status)).toEqual(['failed', 'pending']);
    const [exception] = await queue.list({ flowId: 'exc-resolve' });
    await expect(queue.resolveException(exception!.id, '  ', 'ana@firm')).rejects.toThrow(/note/);
    const resolved = await queue.resolveException(exception!.id, 'Posted by hand in NetSuite as JE 4411', 'ana@firm');
    expect(resolved).toMatchObject({ status: 'resolved', resolutionNote: 'Posted by hand in NetSuite as JE 4411', resolvedBy: 'ana@firm' });
    await worker.runUntilIdle();
    statuses = await store.db.selectFrom('tl_flow_run').select('status').where('flow_id', '=', 'exc-resolve').orderBy('seq').execute();
    expect(statuses.map((s) => s.status)).toEqual(['cancelled', 'completed']);

    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true });
    const [entry] = await listAuditEntries(store.db, { subjectType: 'exception', subjectId: exception!.id });
    expect(entry).toMatchObject({ actor: 'ana@firm', action: 'exception.resolve', after: { status: 'resolved', runStatus: 'cancelled' } });
  });
});
