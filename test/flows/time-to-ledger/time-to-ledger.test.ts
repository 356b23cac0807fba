import { afterAll, beforeAll, expect, it } from 'vitest';
import { timeBillExternalId } from '../../../src/flows/time-to-ledger/time-entry-event.js';
import type { ThroughlineDatabase } from '../../../src/persistence/database.js';
import { describeEachEngine } from '../../support/engines.js';
import { timeEvent, timeToLedgerHarness } from './harness.js';

describeEachEngine('time-to-ledger flow', (engine) => {
  let store: ThroughlineDatabase;
  beforeAll(async () => {
    store = await engine.open();
  });
  afterAll(async () => {
    await store.close();
  });

  it('posts an approved day once as an approved time bill at the PSA rate, provisioning customer, project and employee with cross-references', async () => {
    const h = timeToLedgerHarness(store);
    h.psa.addProject('PRJ1', 'ACC1');
    h.psa.addWorker('W1');
    const approved = timeEvent('approved', { timecard: 'TCA', hours: '7.5', rate: '200.00' });
    const results = await h.intake.ingest([approved, { ...approved, id: 'other-delivery-id' }]);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'duplicate']);
    await h.settle();

    const bill = h.ledger.timeBills.get(timeBillExternalId(approved))!;
    expect(bill).toMatchObject({ status: 'approved', hours: '7.5', billable: true, rate: { amount: '200.00', currency: 'USD' }, workDate: '2026-02-02', writes: 1 });
    expect(bill.project.id).toBe([...h.ledger.projects.values()][0]!.id);
    expect(bill.employee.id).toBe([...h.ledger.employees.values()][0]!.id);
    expect(h.ledger.calls).toMatchObject({ customer: 1, project: 1, employee: 1 });
    const xrefs = await store.db.selectFrom('tl_cross_reference').selectAll().where('canonical_id', '=', approved.subject).execute();
    expect(xrefs).toMatchObject([{ connection_id: 'netsuite', system_id: bill.id, external_id: timeBillExternalId(approved) }]);
    const posted = await store.db.selectFrom('tl_event').selectAll().where('type', '=', 'time.posted').where('subject', '=', approved.subject).execute();
    expect(posted).toHaveLength(1);
    expect(posted[0]!.data).toMatchObject({ timeEntryId: 'TCA:2026-02-02', hours: '7.5', billAmount: { amount: '1500.00', currency: 'USD' }, erpRecord: { id: bill.id } });
    expect(posted[0]!.causation_id).toBe(approved.id);
  });

  it('updates the same bill on a correction, ignores an older version arriving late, and marks it rejected on a recall', async () => {
    const h = timeToLedgerHarness(store);
    h.psa.addProject('PRJ1', 'ACC1');
    h.psa.addWorker('W1');
    const v1 = timeEvent('approved', { timecard: 'TCB', hours: '8', version: '2026-02-02T10:00:00.000Z' });
    const v2 = timeEvent('approved', { timecard: 'TCB', hours: '6', version: '2026-02-03T10:00:00.000Z' });
    await h.intake.ingest([v2]);
    await h.settle();
    await h.intake.ingest([v1]);
    await h.settle();
    const id = timeBillExternalId(v1);
    expect(h.ledger.timeBills.get(id)).toMatchObject({ hours: '6', status: 'approved', writes: 1 });

    const v3 = timeEvent('approved', { timecard: 'TCB', hours: '5', version: '2026-02-04T10:00:00.000Z' });
    await h.intake.ingest([v3]);
    await h.settle();
    expect(h.ledger.timeBills.get(id)).toMatchObject({ hours: '5', status: 'approved', writes: 2 });

    const recall = timeEvent('rejected', { timecard: 'TCB', hours: '5', version: '2026-02-05T10:00:00.000Z' });
    await h.intake.ingest([recall]);
    await h.settle();
    expect(h.ledger.timeBills.size).toBe(1);
    expect(h.ledger.timeBills.get(id)).toMatchObject({ status: 'rejected', billable: false, writes: 3 });
    const reversal = await store.db.selectFrom('tl_event').select('data').where('type', '=', 'time.posted').where('source_version', '=', recall.sourceVersion).executeTakeFirstOrThrow();
    expect(reversal.data).toMatchObject({ reversesExternalId: id });
  });

  it('does nothing for a rejection of time that was never posted', async () => {
    const h = timeToLedgerHarness(store);
    const rejected = timeEvent('rejected', { timecard: 'TCC', project: 'UNKNOWN' });
    await h.intake.ingest([rejected]);
    await h.settle();
    expect(h.ledger.calls.timeBillBatches).toEqual([]);
    expect(h.psa.reads.engagement).toBe(0);
    const run = await store.db.selectFrom('tl_flow_run').select('status').innerJoin('tl_event', 'tl_event.id', 'tl_flow_run.event_id').where('tl_event.id', '=', rejected.id).executeTakeFirstOrThrow();
    expect(run.status).toBe('completed');
  });

  it('opens an exception owned by delivery with hours x rate for an unknown or closed project while other entries post', async () => {
    const h = timeToLedgerHarness(store);
    h.psa.addProject('PRJ1', 'ACC1');
    h.psa.addProject('CLOSED', 'ACC1', { status: 'closed', closedForTime: true, closedForTimeOn: '2026-01-30' });
    h.psa.addWorker('W1');
    const good = timeEvent('approved', { timecard: 'TCD1' });
    const unknown = timeEvent('approved', { timecard: 'TCD2', project: 'NOPE', hours: '4', rate: '125.00' });
    const closed = timeEvent('approved', { timecard: 'TCD3', project: 'CLOSED', hours: '2', rate: '100.00' });
    await h.intake.ingest([good, unknown, closed]);
    await h.settle();
    expect(h.ledger.timeBills.has(timeBillExternalId(good))).toBe(true);
    expect(h.ledger.timeBills.has(timeBillExternalId(unknown))).toBe(false);
    const exceptions = await store.db
      .selectFrom('tl_run_exception').innerJoin('tl_flow_run', 'tl_flow_run.id', 'tl_run_exception.run_id')
      .select(['tl_run_exception.message', 'impact_amount', 'impact_currency', 'owner_domain', 'category', 'tl_flow_run.event_id'])
      .where('tl_flow_run.event_id', 'in', [unknown.id, closed.id]).orderBy('category').execute();
    expect(exceptions).toMatchObject([
      { event_id: closed.id, impact_amount: '200', impact_currency: 'USD', owner_domain: 'delivery', category: 'project_closed' },
      { event_id: unknown.id, impact_amount: '500', impact_currency: 'USD', owner_domain: 'delivery', category: 'unknown_project' },
    ]);
    expect(exceptions[1]!.message).toContain('unknown project NOPE');
  });

  it('batches time bills (at most 200 per ledger call), resolves a shared project once, retries a transient record failure and fails a rejected record alone', async () => {
    const h = timeToLedgerHarness(store);
    h.psa.addProject('PRJ5', 'ACC5');
    h.psa.addWorker('W5');
    // One day each: 250 days of 8 hours, never more than 24 hours in one of them.
    const dayOf = (i: number) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10);
    const events = Array.from({ length: 250 }, (_, i) => timeEvent('approved', { timecard: `TCE${i}`, project: 'PRJ5', worker: 'W5', date: dayOf(i) }));
    h.ledger.failures.set(timeBillExternalId(events[3]!), { name: 'RetryableError', message: 'SSS_REQUEST_TIME_EXCEEDED', once: true });
    h.ledger.failures.set(timeBillExternalId(events[4]!), { name: 'NonRetryableError', message: 'Invalid field value hours', once: false });
    await h.intake.ingest(events);
    await h.settle();
    expect(h.ledger.timeBills.size).toBe(249);
    expect(Math.max(...h.ledger.calls.timeBillBatches)).toBeLessThanOrEqual(200);
    expect(h.ledger.calls.timeBillBatches.length).toBeLessThanOrEqual(4);
    // The project is provisioned once. Its facts (closure, currency) are read per wave of concurrent runs
    // (this fake PSA has no cache; the Certinia connector caches reads for 5 minutes).
    expect(h.psa.reads.engagement).toBeLessThan(250 / 5);
    expect(h.ledger.calls.project).toBe(1);
    const exception = await store.db.selectFrom('tl_run_exception').innerJoin('tl_flow_run', 'tl_flow_run.id', 'tl_run_exception.run_id')
      .select(['message', 'category']).where('tl_flow_run.event_id', '=', events[4]!.id).executeTakeFirstOrThrow();
    expect(exception.message).toContain('Invalid field value hours');
  });

  it('recovers from a timeout after commit by upserting the same external id: one bill, one time.posted', async () => {
    const h = timeToLedgerHarness(store);
    h.psa.addProject('PRJ6', 'ACC6');
    h.psa.addWorker('W6');
    const approved = timeEvent('approved', { timecard: 'TCF', project: 'PRJ6', worker: 'W6' });
    h.ledger.commitThenLose.add(timeBillExternalId(approved));
    await h.intake.ingest([approved]);
    await h.settle();
    expect(h.ledger.timeBills.get(timeBillExternalId(approved))).toMatchObject({ status: 'approved', writes: 2 });
    expect(h.ledger.timeBills.size).toBe(1);
    const posted = await store.db.selectFrom('tl_event').select('id').where('type', '=', 'time.posted').where('subject', '=', approved.subject).execute();
    expect(posted).toHaveLength(1);
  });

  it('an async ledger job holds no worker: its runs wait at await-time-bill without spending attempts, one look per pass, then post once', async () => {
    const h = timeToLedgerHarness(store, { asyncJobPolls: 4 });
    h.psa.addProject('PRJ1', 'ACC1');
    h.psa.addWorker('W-ASYNC');
    // A worker and day of its own: the store (and its event log) is shared with the tests above.
    const events = ['TJA', 'TJB', 'TJC'].map((timecard) => timeEvent('approved', { timecard, hours: '2', worker: 'W-ASYNC', date: '2026-03-02' }));
    await h.intake.ingest(events);
    const runs = () => store.db.selectFrom('tl_flow_run').select(['status', 'current_step', 'attempt', 'next_attempt_at']).where('event_id', 'in', events.map((e) => e.id)).execute();

    // The worker drains and returns while the job runs: nothing holds it, the runs wait for the next look.
    await h.worker.runUntilIdle();
    for (let look = 1; look < 4; look++) {
      const waiting = await runs();
      expect(waiting.map((r) => [r.status, r.current_step, r.attempt])).toEqual(events.map(() => ['retry_wait', 'await-time-bill', 0]));
      expect(h.ledger.calls.jobLooks).toBe(look);
      expect(h.ledger.timeBills.size).toBe(0);
      await h.clock.advance(waiting[0]!.next_attempt_at.getTime() - h.clock.now().getTime());
      await h.worker.runUntilIdle();
    }
    expect((await runs()).map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
    expect(h.ledger.calls.jobLooks).toBe(4);
    expect(h.ledger.calls.timeBillBatches).toEqual([3]);
    expect([...h.ledger.timeBills.values()].map((b) => b.writes)).toEqual([1, 1, 1]);
    const posted = await store.db.selectFrom('tl_event').select('subject').where('type', '=', 'time.posted').where('subject', 'in', events.map((e) => e.subject)).execute();
    expect(posted).toHaveLength(3);
  });
});
