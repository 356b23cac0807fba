// Regression tests (issue 9 items 1-3): lines were refused for closure judged at first sight, posted
// in the wrong currency, posted at a zero rate and posted past 24 hours in a day.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { timeBillExternalId, type TimeEntryEvent } from '../../../src/flows/time-to-ledger/time-entry-event.js';
import type { TimeToLedgerDeps } from '../../../src/flows/time-to-ledger/time-to-ledger-deps.js';
import { createTimeToLedgerFlow } from '../../../src/flows/time-to-ledger/time-to-ledger.flow.js';
import type { ThroughlineDatabase } from '../../../src/persistence/database.js';
import { describeEachEngine } from '../../support/engines.js';
import { timeEvent, timeToLedgerHarness } from './harness.js';

it('owns each kind of exception where it is fixed: delivery the PSA\'s data, finance currency and ledger setup, integration technical failures', () => {
  const flow = createTimeToLedgerFlow({} as TimeToLedgerDeps);
  const owners = Object.fromEntries(
    ['project_closed', 'missing_rate', 'impossible_day', 'unknown_project', 'unknown_client', 'unknown_worker', 'currency_mismatch', 'currency_unknown', 'validation',
      'xref_conflict', 'worker_lost', 'retries_exhausted', 'compensation_failed', 'input_unavailable', 'unresolvable_reference', 'auth', 'something_new']
      .map((category) => [category, flow.ownerOf(category)]),
  );
  expect(owners).toEqual({
    project_closed: 'delivery', missing_rate: 'delivery', impossible_day: 'delivery', unknown_project: 'delivery', unknown_client: 'delivery', unknown_worker: 'delivery',
    currency_mismatch: 'finance', currency_unknown: 'finance', validation: 'finance',
    xref_conflict: 'integration', worker_lost: 'integration', retries_exhausted: 'integration', compensation_failed: 'integration',
    input_unavailable: 'integration', unresolvable_reference: 'integration', auth: 'integration',
    something_new: 'finance',
  });
  expect(flow.ownerOf('missing_rate', 'sales')).toBe('sales');
});

describeEachEngine('time-to-ledger line rules', (engine) => {
  let store: ThroughlineDatabase;
  beforeAll(async () => {
    store = await engine.open();
  });
  afterAll(async () => {
    await store.close();
  });

  const exceptionsOf = (events: readonly TimeEntryEvent[]) =>
    store.db
      .selectFrom('tl_run_exception').innerJoin('tl_flow_run', 'tl_flow_run.id', 'tl_run_exception.run_id')
      .select(['tl_flow_run.event_id', 'category', 'tl_run_exception.message', 'impact_amount', 'impact_currency', 'owner_domain'])
      .where('tl_flow_run.event_id', 'in', events.map((e) => e.id)).where('tl_run_exception.status', '=', 'open')
      .orderBy('tl_run_exception.message').execute();

  it('judges closed-for-time per line on its work date: a project first seen after it closed still posts the time worked while it was open', async () => {
    const h = timeToLedgerHarness(store);
    h.psa.addProject('PCL1', 'ACL1', { status: 'closed', closedForTime: true, closedForTimeOn: '2026-02-10', endDate: '2026-01-31' });
    h.psa.addWorker('WCL1');
    const before = timeEvent('approved', { timecard: 'TCL1', project: 'PCL1', worker: 'WCL1', date: '2026-02-04' });
    const onTheDay = timeEvent('approved', { timecard: 'TCL2', project: 'PCL1', worker: 'WCL1', date: '2026-02-10' });
    const after = timeEvent('approved', { timecard: 'TCL3', project: 'PCL1', worker: 'WCL1', date: '2026-02-11', hours: '3', rate: '200.00' });
    await h.intake.ingest([before, onTheDay, after]);
    await h.settle();
    expect(h.ledger.timeBills.has(timeBillExternalId(before))).toBe(true);
    expect(h.ledger.timeBills.has(timeBillExternalId(onTheDay))).toBe(true);
    expect(h.ledger.timeBills.has(timeBillExternalId(after))).toBe(false);
    expect(await exceptionsOf([before, onTheDay, after])).toMatchObject([
      { event_id: after.id, category: 'project_closed', impact_amount: '600', impact_currency: 'USD', owner_domain: 'delivery', message: expect.stringContaining('closed for time on 2026-02-10') },
    ]);
  });

  it('without a close date from the PSA, a closed project\'s end date stands in; without either, the PSA\'s approval stands', async () => {
    const h = timeToLedgerHarness(store);
    h.psa.addProject('PCL2', 'ACL2', { status: 'closed', closedForTime: true, endDate: '2026-02-05' });
    h.psa.addProject('PCL3', 'ACL2', { status: 'closed', closedForTime: true });
    h.psa.addWorker('WCL2');
    const inside = timeEvent('approved', { timecard: 'TCL4', project: 'PCL2', worker: 'WCL2', date: '2026-02-05' });
    const past = timeEvent('approved', { timecard: 'TCL5', project: 'PCL2', worker: 'WCL2', date: '2026-02-06' });
    const noDates = timeEvent('approved', { timecard: 'TCL6', project: 'PCL3', worker: 'WCL2', date: '2026-02-06' });
    await h.intake.ingest([inside, past, noDates]);
    await h.settle();
    expect([inside, past, noDates].map((e) => h.ledger.timeBills.has(timeBillExternalId(e)))).toEqual([true, false, true]);
    expect(await exceptionsOf([inside, past, noDates])).toMatchObject([{ event_id: past.id, category: 'project_closed', owner_domain: 'delivery', message: expect.stringContaining('ended on 2026-02-05') }]);
  });

  it('never posts time in another currency than its project: a JPY timecard on a USD project is an exception with its JPY value', async () => {
    const h = timeToLedgerHarness(store);
    h.psa.addProject('PCU1', 'ACU1', { currency: 'USD' });
    h.psa.addWorker('WCU1');
    const jpy = timeEvent('approved', { timecard: 'TCU1', project: 'PCU1', worker: 'WCU1', hours: '3', rate: '20000', currency: 'JPY' });
    const usd = timeEvent('approved', { timecard: 'TCU2', project: 'PCU1', worker: 'WCU1', hours: '3', rate: '150.00' });
    await h.intake.ingest([jpy, usd]);
    await h.settle();
    expect(h.ledger.timeBills.has(timeBillExternalId(jpy))).toBe(false);
    expect(h.ledger.timeBills.get(timeBillExternalId(usd))).toMatchObject({ rate: { amount: '150.00', currency: 'USD' }, currency: 'USD' });
    expect(await exceptionsOf([jpy, usd])).toMatchObject([
      { event_id: jpy.id, category: 'currency_mismatch', owner_domain: 'finance', impact_amount: '60000', impact_currency: 'JPY', message: expect.stringContaining('time in JPY on project P-PCU1 billed in USD') },
    ]);
  });

  it('holds billable time without a rate or at a zero rate; non-billable time without a rate posts', async () => {
    const h = timeToLedgerHarness(store);
    h.psa.addProject('PRT1', 'ART1');
    h.psa.addWorker('WRT1');
    const noRate = timeEvent('approved', { timecard: 'TRT1', project: 'PRT1', worker: 'WRT1', rate: null });
    const zeroRate = timeEvent('approved', { timecard: 'TRT2', project: 'PRT1', worker: 'WRT1', rate: '0.00', date: '2026-02-03' });
    const internal = timeEvent('approved', { timecard: 'TRT3', project: 'PRT1', worker: 'WRT1', rate: null, billable: false, date: '2026-02-04' });
    await h.intake.ingest([noRate, zeroRate, internal]);
    await h.settle();
    expect([noRate, zeroRate, internal].map((e) => h.ledger.timeBills.has(timeBillExternalId(e)))).toEqual([false, false, true]);
    expect(await exceptionsOf([noRate, zeroRate, internal])).toMatchObject([
      { event_id: noRate.id, category: 'missing_rate', owner_domain: 'delivery', message: expect.stringContaining('without a bill rate') },
      { event_id: zeroRate.id, category: 'missing_rate', owner_domain: 'delivery', message: expect.stringContaining('at a zero bill rate') },
    ]);
  });

  it('holds the entry that takes one person past 24 hours in a day, in approval order, however the hub sees them', async () => {
    const h = timeToLedgerHarness(store);
    h.psa.addProject('PDY1', 'ADY1');
    h.psa.addProject('PDY2', 'ADY1');
    h.psa.addWorker('WDY1');
    const day = '2026-02-09';
    const first = timeEvent('approved', { timecard: 'TDY1', project: 'PDY1', worker: 'WDY1', date: day, hours: '24', approvedAt: '2026-02-09T18:00:00.000Z', version: '2026-02-09T18:00:00.000Z' });
    const second = timeEvent('approved', { timecard: 'TDY2', project: 'PDY2', worker: 'WDY1', date: day, hours: '1', approvedAt: '2026-02-10T09:00:00.000Z', version: '2026-02-10T09:00:00.000Z' });
    const otherDay = timeEvent('approved', { timecard: 'TDY2', project: 'PDY2', worker: 'WDY1', date: '2026-02-10', hours: '8', approvedAt: '2026-02-10T09:00:00.000Z', version: '2026-02-10T09:00:00.000Z' });
    // The later approval arrives first: order of sight must not decide.
    await h.intake.ingest([second, otherDay, first]);
    await h.settle();
    expect([first, second, otherDay].map((e) => h.ledger.timeBills.has(timeBillExternalId(e)))).toEqual([true, false, true]);
    expect(await exceptionsOf([first, second, otherDay])).toMatchObject([
      { event_id: second.id, category: 'impossible_day', owner_domain: 'delivery', impact_amount: '150', message: expect.stringContaining('25 hours approved for one person on 2026-02-09') },
    ]);

    // A correction that brings the first entry down makes room: retrying the held entry posts it.
    const corrected = timeEvent('approved', { timecard: 'TDY1', project: 'PDY1', worker: 'WDY1', date: day, hours: '8', approvedAt: '2026-02-11T09:00:00.000Z', version: '2026-02-11T09:00:00.000Z' });
    await h.intake.ingest([corrected]);
    await h.settle();
    expect(h.ledger.timeBills.get(timeBillExternalId(first))).toMatchObject({ hours: '8' });
  });
});
