import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type ThroughlineDatabase } from '../../src/persistence/database.js';
import { migrateThrough, migrateToLatest } from '../../src/persistence/migrator.js';
import { listAuditEntries } from '../../src/runtime/audit/list-audit-entries.js';
import { createManualClock } from '../../src/runtime/clock.js';
import { createExceptionQueue } from '../../src/runtime/exceptions/exception-actions.js';
import { listExceptions } from '../../src/runtime/exceptions/list-exceptions.js';
import { openStandaloneException, resolveStandaloneException } from '../../src/runtime/exceptions/standalone-exceptions.js';
import { createFlowRegistry } from '../../src/runtime/flows/flow-registry.js';
import { describeEachEngine, openFreshPostgres } from '../support/engines.js';

describeEachEngine('exceptions without a run', (engine) => {
  let store: ThroughlineDatabase;
  beforeAll(async () => {
    store = await engine.open();
  });
  afterAll(async () => {
    await store.close();
  });

  it('opens one per (source, category, subject) while unresolved, lists it, refuses retry and replay, resolves it, then opens anew', async () => {
    const clock = createManualClock('2026-03-01T08:00:00.000Z');
    const queue = createExceptionQueue({ db: store.db, clock, flows: createFlowRegistry([]) });
    const difference = {
      source: 'reconciliation',
      category: 'amount_mismatch',
      subject: 'time_entry:TE-1',
      message: 'NetSuite time bill 400.00 USD, PSA 450.00 USD',
      ownerDomain: 'finance' as const,
      impact: { amount: '50.00', currency: 'USD' },
      slaMs: 24 * 60 * 60_000,
    };
    const first = await openStandaloneException(store.db, { ...difference, now: clock.now() });
    expect(first).toMatchObject({ created: true });
    await clock.advance(60_000);
    const again = await openStandaloneException(store.db, { ...difference, message: 'NetSuite time bill 400.00 USD, PSA 460.00 USD', impact: { amount: '60.00', currency: 'USD' }, now: clock.now() });
    expect(again).toEqual({ id: first.id, created: false });
    // Another subject or category is another exception.
    const other = await openStandaloneException(store.db, { ...difference, subject: 'time_entry:TE-2', now: clock.now() });
    expect(other.id).not.toBe(first.id);

    const view = await queue.get(first.id);
    expect(view).toMatchObject({
      runId: null,
      flowId: null,
      stepId: null,
      source: 'reconciliation',
      subject: 'time_entry:TE-1',
      category: 'amount_mismatch',
      message: 'NetSuite time bill 400.00 USD, PSA 460.00 USD',
      impact: { amount: '60', currency: 'USD' },
      ownerDomain: 'finance',
      status: 'open',
      openedAt: '2026-03-01T08:00:00.000Z',
      slaDueAt: '2026-03-02T08:00:00.000Z',
      ageMs: 60_000,
    });
    const listed = await listExceptions(store.db, clock.now(), { source: 'reconciliation', status: 'unresolved' });
    expect(listed.map((x) => x.subject)).toEqual(['time_entry:TE-1', 'time_entry:TE-2']);
    expect((await listExceptions(store.db, clock.now(), { subject: 'time_entry:TE-2' })).map((x) => x.id)).toEqual([other.id]);

    await expect(queue.retryException(first.id, 'ana@firm')).rejects.toThrow(/belongs to no run.*cannot be retried/);
    await expect(queue.replayException(first.id, {}, 'ana@firm')).rejects.toThrow(/belongs to no run.*cannot be replayed/);
    expect(await queue.get(first.id)).toMatchObject({ status: 'open' });

    expect(await queue.resolveException(first.id, 'rate corrected in the PSA', 'ana@firm')).toMatchObject({ status: 'resolved', resolvedBy: 'ana@firm' });
    await expect(queue.resolveException(first.id, 'again', 'ana@firm')).rejects.toThrow(/already resolved/);
    const audit = await listAuditEntries(store.db, { subjectType: 'exception', subjectId: first.id });
    expect(audit.map((a) => [a.actor, a.action])).toEqual([['ana@firm', 'exception.resolve']]);
    expect(audit[0]!.after).toMatchObject({ status: 'resolved', note: 'rate corrected in the PSA' });

    // Once resolved, the same difference found again is a new exception.
    const reopened = await openStandaloneException(store.db, { ...difference, now: clock.now() });
    expect(reopened.created).toBe(true);
    expect(reopened.id).not.toBe(first.id);

    // Resolving by key (the difference went away): the runtime closes it, with an audit row.
    expect(await resolveStandaloneException(store.db, { source: 'reconciliation', category: 'amount_mismatch', subject: 'time_entry:TE-2', note: 'difference gone', actor: 'reconciliation', now: clock.now() })).toBe(other.id);
    expect(await resolveStandaloneException(store.db, { source: 'reconciliation', category: 'amount_mismatch', subject: 'time_entry:TE-2', note: 'difference gone', actor: 'reconciliation', now: clock.now() })).toBeUndefined();
    expect(await queue.get(other.id)).toMatchObject({ status: 'resolved', resolvedBy: 'reconciliation', resolutionNote: 'difference gone' });
  });

  it('refuses a standalone exception without a subject, from the source `run`, or with an unknown owner', async () => {
    const base = { source: 'reconciliation', category: 'x', subject: 'project:P-1', message: 'm', ownerDomain: 'finance' as const, slaMs: 1000, now: new Date() };
    await expect(openStandaloneException(store.db, { ...base, subject: ' ' })).rejects.toThrow(/subject/);
    await expect(openStandaloneException(store.db, { ...base, source: 'run' })).rejects.toThrow(/source/);
    await expect(openStandaloneException(store.db, { ...base, ownerDomain: 'marketing' as 'finance' })).rejects.toThrow(/owner/);
  });

  it('migration 0053 keeps existing exceptions as run exceptions and refuses a run-less one without a subject', async () => {
    const old = engine.name === 'pglite' ? await openDatabase({ engine: 'pglite', inMemory: true }) : await openFreshPostgres({ migrate: false });
    try {
      await migrateThrough(old.db, '0052_webhook_receipt_body_digest');
      const at = '2026-11-01T10:00:00.000Z';
      await sql`insert into tl_flow_run (id, flow_id, event_id, seq, ordering_key, status, current_step, next_attempt_at, input_version, created_at, updated_at)
                values ('run-a', 'f', 'evt-1', 1, 'k', 'failed', 'post', ${at}, 1, ${at}, ${at})`.execute(old.db);
      await sql`insert into tl_run_exception (id, run_id, flow_id, step_id, category, message, owner_domain, sla_due_at, opened_at, updated_at)
                values ('exc-a', 'run-a', 'f', 'post', 'validation', 'refused', 'finance', ${at}, ${at}, ${at})`.execute(old.db);
      await migrateToLatest(old.db);
      const row = await old.db.selectFrom('tl_run_exception').select(['id', 'run_id', 'flow_id', 'source', 'subject', 'status']).executeTakeFirstOrThrow();
      expect(row).toEqual({ id: 'exc-a', run_id: 'run-a', flow_id: 'f', source: 'run', subject: null, status: 'open' });
      await expect(sql`insert into tl_run_exception (id, source, category, message, owner_domain, sla_due_at, opened_at, updated_at)
                       values ('exc-b', 'reconciliation', 'x', 'm', 'finance', ${at}, ${at}, ${at})`.execute(old.db)).rejects.toThrow(/tl_run_exception_run_or_subject_ck/);
    } finally {
      await old.close();
    }
  });
});
