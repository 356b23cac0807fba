import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventDefinitions, eventTypes, parseCanonicalEvent } from '../../../src/canonical/index.js';
import { eventSamples } from './samples.js';

// The core business events as written in architecture.md §3 (copied, so the test also runs on a clone
// without ../shared); when the design file is present it is read and must say the same.
const architectureText = `deal.won, contract.amended, client.upserted, engagement.requested,
engagement.provisioned, worker.hired / worker.changed / worker.terminated, assignment.changed,
time.approved / time.rejected / time.adjusted, expense.approved, milestone.completed,
billing.released / billing.held, invoice.issued, invoice.status_changed, payment.applied,
forecast.actuals_published, period.close_started, reconciliation.completed.`;
const architecturePath = new URL('../../../../shared/design/architecture.md', import.meta.url);

function typesIn(text: string): string[] {
  return [...text.matchAll(/\b[a-z]+(?:_[a-z]+)*\.[a-z]+(?:_[a-z]+)*\b/g)].map((m) => m[0]);
}

describe('event registry', () => {
  it('covers the core business events of architecture.md §3, plus time.posted (the flow outcome)', () => {
    const expected = [...typesIn(architectureText), 'time.posted'].sort();
    expect(Object.keys(eventDefinitions).sort()).toEqual(expected);
    expect([...eventTypes].sort()).toEqual(expected);
  });

  it('matches the design document when it is present', () => {
    if (!existsSync(architecturePath)) return; // the copied list above is the check on a bare clone
    const doc = readFileSync(architecturePath, 'utf8');
    const section = doc.slice(doc.indexOf('Core business events:'), doc.indexOf('## 4.'));
    expect(typesIn(section.replace('Core business events:', '')).sort()).toEqual(typesIn(architectureText).sort());
  });

  it('every definition is keyed by its own type and has a schema version and dedupe key', () => {
    for (const [type, definition] of Object.entries(eventDefinitions)) {
      expect(definition.type).toBe(type);
      expect(definition.schemaVersion).toMatch(/^\d+$/);
      expect(definition.dedupeKey({ source: 'sf', type, sourceId: 'x', sourceVersion: '2' } as never)).toBe(`sf|${type}|x|2`);
    }
  });

  it.each(eventTypes.map((t) => [t]))('%s accepts its sample and rejects an empty data object', (type) => {
    const envelope = {
      id: 'tl_evt_01JH8Z5X6Q3W9V2K7M4N1P0R5T', type, subject: 'tl_engagement_01JH8Z5X6Q3W9V2K7M4N1P0R5T', source: 'sf-prod',
      sourceId: 'src-1', sourceVersion: '1', time: '2026-03-01T09:00:00Z', correlationId: 'tl_deal_01JH8Z5X6Q3W9V2K7M4N1P0R5T',
      causationId: null, schemaVersion: '1',
    };
    const ok = parseCanonicalEvent({ ...envelope, data: eventSamples[type] });
    expect(ok.ok ? [] : ok.issues).toEqual([]);
    const bad = parseCanonicalEvent({ ...envelope, data: {} });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues.every((i) => i.path.startsWith('data.'))).toBe(true);
  });
});
