import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SystemRef } from '../../src/canonical/entities/refs.js';
import type { ThroughlineDatabase } from '../../src/persistence/database.js';
import { NonRetryableError } from '../../src/runtime/errors.js';
import { defineFlowOf } from '../../src/runtime/flows/define-flow.js';
import { defineStep } from '../../src/runtime/flows/define-step.js';
import { createIdentityStore } from '../../src/runtime/identity/identity-store.js';
import { createIdFactory } from '../../src/canonical/ids.js';
import { describeEachEngine } from '../support/engines.js';
import { eventFor, runtimeHarness } from './support/runtime-harness.js';
import type { TestLineEvent } from './support/test-events.js';

const on = ['test_line.approved'] as const;
const byKey = (e: TestLineEvent) => e.data.key;

const sfAccount = (connection: string, id: string): SystemRef => ({ system: 'salesforce', connection, objectType: 'Account', id });
const nsCustomer = (connection: string, id: string, objectType = 'customer'): SystemRef => ({ system: 'netsuite', connection, objectType, id, externalId: `tl-ext-${id}` });

describeEachEngine('identity map (ctx.identity)', (engine) => {
  let store: ThroughlineDatabase;
  beforeAll(async () => {
    store = await engine.open();
  });
  afterAll(async () => {
    await store.close();
  });
  const runsOf = (flowId: string) => store.db.selectFrom('tl_flow_run').selectAll().where('flow_id', '=', flowId).orderBy('seq').execute();
  const xrefsOn = (connection: string) =>
    store.db.selectFrom('tl_cross_reference').selectAll().where('connection_id', '=', connection).orderBy('id').execute();
  const exceptionOf = (runId: string) => store.db.selectFrom('tl_run_exception').selectAll().where('run_id', '=', runId).executeTakeFirstOrThrow();
  const insertXref = (canonicalId: string, record: SystemRef) =>
    store.db
      .insertInto('tl_cross_reference')
      .values({
        canonical_id: canonicalId, entity_type: 'client', connection_id: record.connection, system: record.system, object_type: record.objectType,
        system_id: record.id, external_id: record.externalId ?? null, created_at: new Date('2026-01-01T00:00:00Z'), updated_at: new Date('2026-01-01T00:00:00Z'),
      })
      .execute();

  it('canonicalIdOf allocates one canonical id per system record, stored at once, whichever run asks first', async () => {
    const record = sfAccount('sf-a', '001A');
    const storedDuringStep: boolean[] = [];
    const flow = defineFlowOf<TestLineEvent>()({
      id: 'xref-allocate',
      on,
      key: byKey,
      steps: [
        defineStep({
          id: 'resolve-client',
          invoke: async (_input: TestLineEvent, ctx) => {
            const id = await ctx.identity.canonicalIdOf(record, 'client');
            // Stored before the checkpoint (ids derived from it must survive a crash).
            storedDuringStep.push((await xrefsOn('sf-a')).some((r) => r.canonical_id === id));
            return { id };
          },
        }),
      ],
    });
    const { intake, worker } = runtimeHarness(store, [flow]);
    // Two keys: the runs execute in the same wave, racing on the same record.
    await intake.ingest([eventFor('xa', 1, 'ka'), eventFor('xa', 2, 'kb')]);
    expect(await worker.runUntilIdle()).toMatchObject({ completed: 2 });
    // A later run in another worker (nothing in memory) gets the same id from the store.
    const later = runtimeHarness(store, [flow], { workerId: 'xa-second-worker' });
    await later.intake.ingest([eventFor('xa', 3, 'kc')]);
    expect(await later.worker.runUntilIdle()).toMatchObject({ completed: 1 });

    const ids = (await runsOf('xref-allocate')).map((r) => (r.step_outputs as { 'resolve-client': { id: string } })['resolve-client'].id);
    expect(ids).toHaveLength(3);
    expect(ids[0]).toMatch(/^tl_client_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(new Set(ids).size).toBe(1);
    expect(storedDuringStep).toEqual([true, true, true]);
    const rows = await xrefsOn('sf-a');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ canonical_id: ids[0], entity_type: 'client', system: 'salesforce', object_type: 'Account', system_id: '001A' });
  });

  it('stores a link with the step\'s checkpoint, and a later run in another worker finds it with recordOn', async () => {
    const customer = nsCustomer('ns-b', 'C1');
    let canonicalId = '';
    let rowsDuringStep = -1;
    const found: Array<SystemRef | undefined> = [];
    const flow = defineFlowOf<TestLineEvent>()({
      id: 'xref-link',
      on,
      key: byKey,
      steps: [
        defineStep({
          id: 'ensure-customer',
          invoke: async (input: TestLineEvent, ctx) => {
            if (input.data.n === 1) {
              canonicalId = await ctx.identity.canonicalIdOf(sfAccount('sf-b', '001B'), 'client');
              await ctx.identity.link(canonicalId, 'client', customer);
              // Not written yet: the link waits for the checkpoint's transaction.
              rowsDuringStep = (await xrefsOn('ns-b')).length;
              return { linked: customer.id };
            }
            found.push(await ctx.identity.recordOn(canonicalId, 'ns-b'));
            return {};
          },
        }),
      ],
    });
    const first = runtimeHarness(store, [flow], { workerId: 'xb-first' });
    await first.intake.ingest([eventFor('xb', 1)]);
    expect(await first.worker.runUntilIdle()).toMatchObject({ completed: 1 });
    expect(rowsDuringStep).toBe(0);
    const rows = await xrefsOn('ns-b');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ canonical_id: canonicalId, entity_type: 'client', system: 'netsuite', object_type: 'customer', system_id: 'C1', external_id: 'tl-ext-C1' });

    const second = runtimeHarness(store, [flow], { workerId: 'xb-second' });
    await second.intake.ingest([eventFor('xb', 2)]);
    expect(await second.worker.runUntilIdle()).toMatchObject({ completed: 1 });
    expect(found).toEqual([customer]);
  });

  it('does not store the link of a step that then fails: neither the store nor a later run sees it', async () => {
    const customer = nsCustomer('ns-c', 'C2');
    const canonicalId = 'tl_client_01JC0000000000000000000000';
    const seen: Array<{ record: SystemRef | undefined; owner: string | undefined }> = [];
    const flow = defineFlowOf<TestLineEvent>()({
      id: 'xref-link-fails',
      on,
      key: byKey,
      steps: [
        defineStep({
          id: 'ensure-customer',
          invoke: async (input: TestLineEvent, ctx) => {
            if (input.data.n === 1) {
              await ctx.identity.link(canonicalId, 'client', customer);
              throw new NonRetryableError('the write after the link was refused', { kind: 'validation' });
            }
            seen.push({ record: await ctx.identity.recordOn(canonicalId, 'ns-c'), owner: await ctx.identity.findCanonicalId(customer) });
            return {};
          },
        }),
      ],
    });
    const first = runtimeHarness(store, [flow], { workerId: 'xc-first' });
    await first.intake.ingest([eventFor('xc', 1)]);
    expect(await first.worker.runUntilIdle()).toMatchObject({ failed: 1 });
    expect(await xrefsOn('ns-c')).toEqual([]);
    // The same worker (its in-process view forgot the failed step's link) ...
    await first.intake.ingest([eventFor('xc', 2)]);
    expect(await first.worker.runUntilIdle()).toMatchObject({ completed: 1 });
    // ... and a new worker.
    const second = runtimeHarness(store, [flow], { workerId: 'xc-second' });
    await second.intake.ingest([eventFor('xc', 3)]);
    expect(await second.worker.runUntilIdle()).toMatchObject({ completed: 1 });
    expect(seen).toEqual([
      { record: undefined, owner: undefined },
      { record: undefined, owner: undefined },
    ]);
    expect(await xrefsOn('ns-c')).toEqual([]);
  });

  it('fails the step with xref_ambiguous (owned by integration) when a canonical id has two records on one connection', async () => {
    const canonicalId = 'tl_client_01JD0000000000000000000000';
    await insertXref(canonicalId, nsCustomer('ns-d', 'C3', 'customer'));
    await insertXref(canonicalId, nsCustomer('ns-d', 'V3', 'vendor'));
    const byType: Array<SystemRef | undefined> = [];
    const flow = defineFlowOf<TestLineEvent>()({
      id: 'xref-ambiguous',
      on,
      key: byKey,
      owners: { default: 'finance' },
      steps: [
        defineStep({
          id: 'find-customer',
          invoke: async (input: TestLineEvent, ctx) => {
            // Narrowed to one object type it is not ambiguous.
            if (input.data.n === 2) byType.push(await ctx.identity.recordOn(canonicalId, 'ns-d', 'customer'));
            else await ctx.identity.recordOn(canonicalId, 'ns-d');
            return {};
          },
        }),
      ],
    });
    const { intake, worker } = runtimeHarness(store, [flow]);
    await intake.ingest([eventFor('xd', 1), eventFor('xd', 2)]);
    expect(await worker.runUntilIdle()).toMatchObject({ failed: 1, completed: 1 });
    const [failed, completed] = await runsOf('xref-ambiguous');
    expect(failed!.status).toBe('failed');
    expect(completed!.status).toBe('completed');
    const exception = await exceptionOf(failed!.id);
    expect(exception).toMatchObject({ category: 'xref_ambiguous', owner_domain: 'integration', source: 'run', step_id: 'find-customer' });
    expect(exception.message).toContain('ambiguous');
    expect(exception.message).toContain(canonicalId);
    expect(byType).toEqual([nsCustomer('ns-d', 'C3', 'customer')]);
  });

  it('refuses with xref_conflict (owned by integration) a link that would re-point a record or give an entity a second record; nothing changes', async () => {
    const owner = 'tl_client_01JE0000000000000000000000';
    const other = 'tl_client_01JE0000000000000000000001';
    await insertXref(owner, nsCustomer('ns-e', 'C4'));
    const flow = defineFlowOf<TestLineEvent>()({
      id: 'xref-conflict',
      on,
      key: byKey,
      owners: { default: 'finance' },
      steps: [
        defineStep({
          id: 'ensure-customer',
          invoke: async (input: TestLineEvent, ctx) => {
            // n=1: C4 already belongs to `owner`; n=2: `owner` already has customer C4, not C5.
            if (input.data.n === 1) await ctx.identity.link(other, 'client', nsCustomer('ns-e', 'C4'));
            else await ctx.identity.link(owner, 'client', nsCustomer('ns-e', 'C5'));
            return {};
          },
        }),
      ],
    });
    const { intake, worker } = runtimeHarness(store, [flow]);
    await intake.ingest([eventFor('xe', 1), eventFor('xe', 2)]);
    expect(await worker.runUntilIdle()).toMatchObject({ failed: 2 });
    const runs = await runsOf('xref-conflict');
    const [repoint, second] = await Promise.all(runs.map((r) => exceptionOf(r.id)));
    expect(repoint).toMatchObject({ category: 'xref_conflict', owner_domain: 'integration', source: 'run' });
    expect(repoint!.message).toContain(`linked to ${owner}, not ${other}`);
    expect(second).toMatchObject({ category: 'xref_conflict', owner_domain: 'integration', source: 'run' });
    expect(second!.message).toContain(`${owner} already has ns-e customer C4, not C5`);
    const rows = await xrefsOn('ns-e');
    expect(rows.map((r) => [r.canonical_id, r.object_type, r.system_id])).toEqual([[owner, 'customer', 'C4']]);
  });

  it('fails the step with xref_conflict when another process stored a different link while it ran: the first link stands', async () => {
    const mine = 'tl_client_01JF0000000000000000000000';
    const theirs = 'tl_client_01JF0000000000000000000001';
    const customer = nsCustomer('ns-f', 'C6');
    const flow = defineFlowOf<TestLineEvent>()({
      id: 'xref-race',
      on,
      key: byKey,
      owners: { default: 'finance' },
      steps: [
        defineStep({
          id: 'ensure-customer',
          invoke: async (_input: TestLineEvent, ctx) => {
            await ctx.identity.link(mine, 'client', customer);
            // Another process links the same record to another entity and commits first.
            await insertXref(theirs, customer);
            return {};
          },
        }),
      ],
    });
    const { intake, worker } = runtimeHarness(store, [flow]);
    await intake.ingest([eventFor('xf', 1)]);
    expect(await worker.runUntilIdle()).toMatchObject({ failed: 1 });
    const rows = await xrefsOn('ns-f');
    expect(rows.map((r) => [r.canonical_id, r.system_id])).toEqual([[theirs, 'C6']]);
    const exception = await store.db.selectFrom('tl_run_exception').selectAll().where('flow_id', '=', 'xref-race').executeTakeFirstOrThrow();
    expect(exception).toMatchObject({ category: 'xref_conflict', owner_domain: 'integration', status: 'open' });
    expect(exception.message).toContain(mine);
    expect(exception.message).toContain(theirs);
  });

  it('a link that loses a race at the checkpoint itself keeps the first link and opens a run-less xref_conflict exception', async () => {
    const mine = 'tl_client_01JH0000000000000000000000';
    const theirs = 'tl_client_01JH0000000000000000000001';
    const customer = nsCustomer('ns-h', 'C8');
    const identity = createIdentityStore({ db: store.db, idFactory: createIdFactory() });
    await insertXref(theirs, customer);
    const conflicts = await store.db.transaction().execute((trx) => identity.store(trx, [{ canonicalId: mine, entityType: 'client', record: customer }], new Date('2026-02-02T09:00:00.000Z')));
    expect(conflicts).toBe(1);
    expect((await xrefsOn('ns-h')).map((r) => [r.canonical_id, r.system_id])).toEqual([[theirs, 'C8']]);
    const exception = await store.db.selectFrom('tl_run_exception').selectAll().where('source', '=', 'identity').where('subject', '=', 'ns-h:customer:C8').executeTakeFirstOrThrow();
    expect(exception).toMatchObject({ category: 'xref_conflict', owner_domain: 'integration', run_id: null, status: 'open' });
    expect(exception.message).toContain(mine);
    expect(exception.message).toContain(theirs);
  });

  it('does not keep visible a link made while compensating (the compensation\'s links are not stored)', async () => {
    const customer = nsCustomer('ns-g', 'C7');
    const canonicalId = 'tl_client_01JG0000000000000000000000';
    const seen: Array<string | undefined> = [];
    const flow = defineFlowOf<TestLineEvent>()({
      id: 'xref-compensate',
      on,
      key: byKey,
      compensateOnFailure: true,
      steps: [
        defineStep({
          id: 'create-customer',
          invoke: async (input: TestLineEvent, ctx) => {
            if (input.data.n === 2) seen.push(await ctx.identity.findCanonicalId(customer));
            return { n: input.data.n };
          },
          compensate: async (_output: { n: number }, ctx) => {
            await ctx.identity.link(canonicalId, 'client', customer);
          },
        }),
        defineStep({
          id: 'post',
          invoke: async (input: TestLineEvent) => {
            if (input.data.n === 1) throw new NonRetryableError('refused', { kind: 'validation' });
            return {};
          },
        }),
      ],
    });
    const { intake, worker } = runtimeHarness(store, [flow]);
    await intake.ingest([eventFor('xg', 1)]);
    expect(await worker.runUntilIdle()).toMatchObject({ failed: 1 });
    expect(await xrefsOn('ns-g')).toEqual([]);
    // A later run in the same worker must not see a link that was never stored.
    await intake.ingest([eventFor('xg', 2)]);
    expect(await worker.runUntilIdle()).toMatchObject({ completed: 1 });
    expect(seen).toEqual([undefined]);
  });
});
