import { describe, expect, it } from 'vitest';
import {
  createIdFactory, fromCloudEvent, newEvent, parseCanonicalEvent, timeApproved, toCloudEvent,
} from '../../../src/canonical/index.js';
import { approvedTime } from '../fixtures.js';

const fixedClock = { now: () => new Date('2026-02-06T17:00:05.000Z') };
const deps = () => ({ idFactory: createIdFactory({ now: () => fixedClock.now().getTime(), random: () => 0.5 }), clock: fixedClock });

function approvedEvent() {
  return newEvent(timeApproved, {
    subject: approvedTime.timeEntryId, source: 'certinia-prod', sourceId: approvedTime.timeEntryId, sourceVersion: '3',
    correlationId: 'tl_deal_01JH8Z5X6Q3W9V2K7M4N1P0R5T', data: approvedTime,
  }, deps());
}

describe('newEvent', () => {
  it('builds a validated event with injected id and time', () => {
    const event = approvedEvent();
    expect(event).toMatchObject({ type: 'time.approved', schemaVersion: '1', time: '2026-02-06T17:00:05.000Z', causationId: null });
    expect(event.id).toMatch(/^tl_evt_[0-9A-Z]{26}$/);
    expect(approvedEvent().id).toBe(event.id);
    expect(timeApproved.dedupeKey(event)).toBe(`certinia-prod|time.approved|${approvedTime.timeEntryId}|3`);
  });

  it('starts a new correlation when none is given and defaults the source to the hub', () => {
    const event = newEvent(timeApproved, { subject: 's', sourceId: 'x', sourceVersion: '1', data: approvedTime }, deps());
    expect(event.correlationId).toBe(event.id);
    expect(event.source).toBe('throughline');
  });

  it('throws on invalid data', () => {
    expect(() => newEvent(timeApproved, { subject: 's', sourceId: 'x', sourceVersion: '1', data: { ...approvedTime, hours: 7.5 as unknown as string } }, deps()))
      .toThrow(/hours/);
  });
});

describe('parseCanonicalEvent', () => {
  it('returns the typed event', () => {
    const result = parseCanonicalEvent(JSON.parse(JSON.stringify(approvedEvent())));
    expect(result.ok).toBe(true);
    if (result.ok && result.event.type === 'time.approved') expect(result.event.data.hours).toBe('7.5');
  });

  it('reports every issue with a readable path and reason', () => {
    const event = { ...approvedEvent(), data: { ...approvedTime, hours: 7.5, billRate: { amount: '200', currency: 'US' } } };
    const result = parseCanonicalEvent(event);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues.map((i) => i.path)).toEqual(['data.hours', 'data.billRate.currency']);
      expect(result.reason).toMatch(/^data.hours: .*expected string.*; data.billRate.currency: /);
    }
  });

  it('rejects unknown types, unsupported schema versions and broken envelopes', () => {
    const base = approvedEvent();
    const unknown = parseCanonicalEvent({ ...base, type: 'time.exploded' });
    expect(unknown.ok ? '' : unknown.reason).toMatch(/^type: unknown event type "time.exploded"/);
    const v2 = parseCanonicalEvent({ ...base, schemaVersion: '2' });
    expect(v2.ok ? '' : v2.reason).toBe('schemaVersion: unsupported schema version 2 for time.approved (supported: 1)');
    expect(parseCanonicalEvent({ ...base, schemaVersion: '1.1' }).ok).toBe(true);
    const noTime = parseCanonicalEvent({ ...base, time: 'yesterday' });
    expect(noTime.ok ? [] : noTime.issues.map((i) => i.path)).toEqual(['time']);
    expect(parseCanonicalEvent('nope').ok).toBe(false);
  });
});

describe('CloudEvents wire form', () => {
  it('uses specversion 1.0 and lowercase extension attributes, and round-trips', () => {
    const event = { ...approvedEvent(), causationId: 'tl_evt_01JH8Z5X6Q3W9V2K7M4N1P0R5T' };
    const wire = toCloudEvent(event);
    expect(wire).toMatchObject({
      specversion: '1.0', datacontenttype: 'application/json', type: 'time.approved', source: 'certinia-prod',
      correlationid: event.correlationId, causationid: event.causationId, sourceid: event.sourceId, sourceversion: '3', schemaversion: '1',
    });
    expect(Object.keys(wire).every((k) => k === k.toLowerCase())).toBe(true);
    const back = fromCloudEvent(JSON.stringify(wire));
    expect(back.ok ? back.event : back.reason).toEqual(event);
  });

  it('omits causationid when there is no cause and restores null', () => {
    const event = approvedEvent();
    const wire = toCloudEvent(event);
    expect('causationid' in wire).toBe(false);
    const back = fromCloudEvent(wire);
    expect(back.ok && back.event.causationId).toBe(null);
  });

  it('rejects other spec versions, content types and bad JSON', () => {
    const wire = toCloudEvent(approvedEvent());
    expect(fromCloudEvent({ ...wire, specversion: '0.3' }).ok).toBe(false);
    const xml = fromCloudEvent({ ...wire, datacontenttype: 'application/xml' });
    expect(xml.ok ? [] : xml.issues.map((i) => i.path)).toEqual(['datacontenttype']);
    const text = fromCloudEvent('{not json');
    expect(text.ok ? '' : text.reason).toMatch(/^\(root\): not JSON/);
    const badData = fromCloudEvent({ ...wire, data: { ...approvedTime, workDate: '2026-13-01' } });
    expect(badData.ok ? [] : badData.issues.map((i) => i.path)).toEqual(['data.workDate']);
  });
});
