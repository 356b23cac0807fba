import { createIdFactory } from '../../canonical/ids.js';
import { timeApproved } from '../../canonical/events/time-approved.js';
import { newEvent } from '../../canonical/new-event.js';
import type { Clock } from '../../runtime/clock.js';

/** `count` realistic `time.approved` events (one worker x project x day each), deterministic. */
export function approvedTimeEvents(count: number, clock: Clock): unknown[] {
  const idFactory = createIdFactory({ now: () => clock.now().getTime(), random: seededRandom(42) });
  const events: unknown[] = [];
  for (let i = 0; i < count; i += 1) {
    const timecardId = `a0T${String(Math.floor(i / 5)).padStart(15, '0')}`;
    const day = new Date(Date.UTC(2026, 0, 5 + (i % 5)));
    const workDate = day.toISOString().slice(0, 10);
    const key = `${timecardId}:${workDate}`;
    events.push(
      newEvent(
        timeApproved,
        {
          subject: `time_entry:salesforce:${key}`,
          source: 'salesforce',
          sourceId: key,
          sourceVersion: '2026-01-09T17:00:00.000Z',
          correlationId: `project:salesforce:p${i % 50}`,
          data: {
            timeEntryId: key,
            sourceTimecardId: timecardId,
            workerRef: { refs: [{ system: 'salesforce', connection: 'salesforce', objectType: 'Contact', id: `003${i % 40}` }] },
            projectRef: { refs: [{ system: 'salesforce', connection: 'salesforce', objectType: 'pse__Proj__c', id: `a0P${i % 50}` }] },
            workDate,
            hours: i % 7 === 0 ? '7.5' : '8',
            billable: i % 10 !== 0,
            billRate: { amount: '185.00', currency: 'USD' },
            approvedAt: '2026-01-09T17:00:00.000Z',
          },
        },
        { idFactory, clock },
      ),
    );
  }
  return events;
}

/** A deterministic [0, 1) generator (mulberry32) for benchmark ids. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
