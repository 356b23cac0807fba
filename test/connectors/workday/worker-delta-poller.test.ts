import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCanonicalEvent } from '../../../src/canonical/parse-event.js';
import type { Poller } from '../../../src/intake/inbound-source.js';
import { hire, startWorkdayHarness, type WorkdayHarness } from './support/harness.js';

interface EventLike { type: string; sourceId: string; sourceVersion: string; data: { changedFields?: string[]; worker?: { employeeId: string; role: string; costRate?: unknown }; effectiveDate: string } }

/** Reads pages until the poller says done; returns the events and the checkpoints it handed back. */
async function drain(poller: Poller, checkpoint: string | undefined, maxPages = 50) {
  const events: EventLike[] = [];
  const checkpoints: string[] = [];
  for (let i = 0; i < maxPages; i++) {
    const page = await poller.pollPage(checkpoint);
    events.push(...(page.events as EventLike[]));
    checkpoint = page.nextCheckpoint;
    checkpoints.push(checkpoint);
    if (page.done) break;
  }
  return { events, checkpoints, checkpoint };
}

const keyOf = (e: EventLike) => `${e.type}|${e.sourceId}|${e.sourceVersion}`;

describe('Workday worker delta poller against the sandbox', () => {
  let h: WorkdayHarness;
  beforeEach(async () => {
    h = await startWorkdayHarness({ config: { pageSize: 2 } });
  });
  afterEach(() => h.stop());

  it('reads the first window across pages, then later windows with hires, changes and terminations', async () => {
    const poller = h.connector.pollers[0]!;
    h.clock.advance(60_000);
    const first = await drain(poller, undefined);
    // Five seeded workers, two per page: three pages of one window.
    expect(first.checkpoints).toHaveLength(3);
    expect(first.events.map((e) => e.type)).toEqual(Array(5).fill('worker.hired'));
    for (const event of first.events) expect(parseCanonicalEvent(event).ok).toBe(true);

    // Nothing new: an empty window, no events.
    h.clock.advance(60_000);
    expect((await drain(poller, first.checkpoint)).events).toEqual([]);

    h.clock.advance(60_000);
    expect((await h.admin('/workers/21003/job-change', { effectiveDate: '2026-01-12', businessTitle: 'Senior Consultant', jobProfile: 'Senior Consultant' })).status).toBeLessThan(300);
    h.clock.advance(1_000);
    expect((await h.admin('/workers/21001/compensation-change', { effectiveDate: '2026-02-01', compensation: { basis: 'annual', amount: '197600.00', currency: 'USD' } })).status).toBeLessThan(300);
    h.clock.advance(1_000);
    expect((await h.admin('/workers/21002/termination', { terminationDate: '2026-01-30' })).status).toBeLessThan(300);
    h.clock.advance(1_000);
    const hired = await h.admin('/workers', hire());
    expect(hired.status).toBeLessThan(300);
    // A location-only change moves no canonical field: no event.
    expect((await h.admin('/workers/21004/job-change', { effectiveDate: '2026-01-12', location: 'Berlin' })).status).toBeLessThan(300);
    h.clock.advance(60_000);

    const second = await drain(poller, first.checkpoint);
    const summary = second.events.map((e) => [e.type, e.data.worker?.employeeId ?? e.sourceId, e.data.changedFields ?? null, e.data.effectiveDate]);
    const wid = (employeeId: string) => h.sandbox.store.find(employeeId)!.wid;
    expect(summary).toEqual(expect.arrayContaining([
      ['worker.changed', '21001', ['costRate'], '2026-02-01'],
      ['worker.terminated', wid('21002'), null, '2026-01-30'],
      ['worker.changed', '21003', ['role'], '2026-01-12'],
      ['worker.hired', '21005', null, '2026-02-16'],
    ]));
    expect(summary).toHaveLength(4);
    for (const event of second.events) expect(parseCanonicalEvent(event).ok, JSON.stringify(parseCanonicalEvent(event))).toBe(true);
    // The comp change is hourly: 197600 / 2080.
    expect(second.events.find((e) => e.data.worker?.employeeId === '21001')!.data.worker!.costRate).toEqual({ amount: '95', currency: 'USD' });
  });

  it('resumes mid-window after a simulated crash: the same events as a clean run, no gap', async () => {
    for (let i = 0; i < 5; i++) {
      h.clock.advance(1_000);
      await h.admin('/workers', hire({ firstName: `Hire${i}`, email: `hire${i}@throughline.example` }));
    }
    h.clock.advance(60_000);
    const clean = await drain(h.connector.pollers[0]!, undefined);
    expect(clean.checkpoints).toHaveLength(5); // ten workers, two a page

    // A process reads two pages, saves the checkpoint after each, and dies.
    const crashed = h.connect();
    let checkpoint: string | undefined;
    const before: EventLike[] = [];
    for (let i = 0; i < 2; i++) {
      const page = await crashed.pollers[0]!.pollPage(checkpoint);
      before.push(...(page.events as EventLike[]));
      checkpoint = page.nextCheckpoint;
    }
    expect(JSON.parse(checkpoint!)).toMatchObject({ page: 3 });
    // Time passes and HR keeps working before the restart; the window in progress is not widened.
    h.clock.advance(3_600_000);
    await h.admin('/workers/21003/termination', { terminationDate: '2026-03-31' });
    h.clock.advance(60_000);

    const restarted = h.connect();
    const after = await drain(restarted.pollers[0]!, checkpoint);
    expect([...before, ...after.events].map(keyOf)).toEqual(clean.events.map(keyOf));
    // The window in progress ends as it began; the termination comes in the next window.
    expect(after.events.map((e) => e.type)).not.toContain('worker.terminated');
    const next = await drain(restarted.pollers[0]!, after.checkpoint);
    expect(next.events.map((e) => e.type)).toEqual(['worker.terminated']);
  });
});
