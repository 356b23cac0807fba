import { afterAll, beforeAll, expect, it } from 'vitest';
import { approvedBeforeFrom } from '../../../src/connectors/certinia/inbound/approved-before.js';
import { subjectsWithEvent } from '../../../src/persistence/queries/subjects-with-event.js';
import type { ThroughlineDatabase } from '../../../src/persistence/database.js';
import { describeEachEngine } from '../../support/engines.js';

describeEachEngine('approval history from the event log', (engine) => {
  let store: ThroughlineDatabase;
  beforeAll(async () => {
    store = await engine.open();
    const row = (type: string, connection: string, key: string, version: string) => ({
      id: `evt-${type}-${connection}-${key}-${version}`, type, subject: `time_entry:${connection}:${key}`, source: connection, source_id: key,
      source_version: version, dedupe_key: [connection, type, key, version].join('|'), time: version, correlation_id: 'c', causation_id: null,
      schema_version: '1', data: '{}',
    });
    await store.db.insertInto('tl_event').values([
      row('time.approved', 'salesforce', 'tc1:2026-03-02', '2026-03-02T09:00:00.000Z'),
      row('time.approved', 'salesforce', 'tc1:2026-03-02', '2026-03-02T10:00:00.000Z'),
      row('time.rejected', 'salesforce', 'tc1:2026-03-03', '2026-03-02T09:00:00.000Z'),
      row('time.approved', 'other-org', 'tc1:2026-03-04', '2026-03-02T09:00:00.000Z'),
    ]).execute();
  });
  afterAll(async () => {
    await store.close();
  });

  it('answers which entries of this connection were approved before', async () => {
    // The connector asks the hub's event log through the port the composition root wires.
    const lookup = approvedBeforeFrom((subjects) => subjectsWithEvent(store.db, 'time.approved', subjects), 'salesforce');
    expect([...(await lookup(['tc1:2026-03-02', 'tc1:2026-03-03', 'tc1:2026-03-04', 'tc1:2026-03-05']))]).toEqual(['tc1:2026-03-02']);
    expect((await lookup([])).size).toBe(0);
  });
});
