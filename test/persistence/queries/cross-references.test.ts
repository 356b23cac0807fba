import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ThroughlineDatabase } from '../../../src/persistence/database.js';
import {
  findByCanonicalId, findBySystemId, findManyBySystemIds, findManyOnConnection, linkCrossReference, linkCrossReferences, systemRefOf,
} from '../../../src/persistence/queries/cross-references.js';
import { createManualClock } from '../../../src/runtime/clock.js';
import { describeEachEngine } from '../../support/engines.js';

const link = (canonicalId: string, systemId: string, externalId: string | null = null) => ({
  canonicalId, entityType: 'engagement', connection: 'netsuite', system: 'netsuite', objectType: 'job', systemId, externalId,
});

describeEachEngine('cross-reference queries', (engine) => {
  const clock = createManualClock('2026-03-31T23:59:00.000Z');
  let store: ThroughlineDatabase;
  beforeAll(async () => {
    store = await engine.open();
  });
  afterAll(async () => {
    await store.close();
  });

  it('links and finds in both directions, one at a time and in batches', async () => {
    await linkCrossReferences(store.db, [link('tl_engagement_A', '10', 'tl_engagement_A'), link('tl_engagement_B', '11')], clock.now());
    expect(await findBySystemId(store.db, { connection: 'netsuite', objectType: 'job', systemId: '10' })).toMatchObject({ canonicalId: 'tl_engagement_A', externalId: 'tl_engagement_A' });
    expect(await findByCanonicalId(store.db, { canonicalId: 'tl_engagement_B', connection: 'netsuite', objectType: 'job' })).toMatchObject({ systemId: '11' });
    const many = await findManyBySystemIds(store.db, { connection: 'netsuite', objectType: 'job' }, ['10', '11', '99']);
    expect([...many.keys()].sort()).toEqual(['10', '11']);
    const onConnection = await findManyOnConnection(store.db, 'netsuite', ['tl_engagement_A', 'tl_engagement_Z']);
    expect(systemRefOf(onConnection.get('tl_engagement_A')!)).toEqual({ system: 'netsuite', connection: 'netsuite', objectType: 'job', id: '10', externalId: 'tl_engagement_A' });
    expect(onConnection.has('tl_engagement_Z')).toBe(false);
  });

  it('keeps the first link when two writers race for one record or one entity', async () => {
    const first = await linkCrossReference(store.db, link('tl_engagement_C', '20'), clock.now());
    const sameRecord = await linkCrossReference(store.db, link('tl_engagement_D', '20'), clock.now());
    const sameEntity = await linkCrossReference(store.db, link('tl_engagement_C', '21'), clock.now());
    expect(first.canonicalId).toBe('tl_engagement_C');
    expect(sameRecord).toMatchObject({ canonicalId: 'tl_engagement_C', systemId: '20' });
    expect(sameEntity).toMatchObject({ canonicalId: 'tl_engagement_C', systemId: '20' });
    expect(await findBySystemId(store.db, { connection: 'netsuite', objectType: 'job', systemId: '21' })).toBeUndefined();
  });

  it('stamps created_at and updated_at with the injected clock, never the wall clock or the database', async () => {
    await clock.set(new Date('2026-04-01T00:00:00.000Z'));
    await linkCrossReferences(store.db, [link('tl_engagement_E', '30'), link('tl_engagement_F', '31')], clock.now());
    await clock.advance(90_000);
    await linkCrossReference(store.db, link('tl_engagement_G', '32'), clock.now());
    const rows = await store.db
      .selectFrom('tl_cross_reference').select(['system_id', 'created_at', 'updated_at'])
      .where('system_id', 'in', ['30', '31', '32']).orderBy('system_id').execute();
    expect(rows.map((r) => [r.system_id, new Date(r.created_at).toISOString(), new Date(r.updated_at).toISOString()])).toEqual([
      ['30', '2026-04-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'],
      ['31', '2026-04-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'],
      ['32', '2026-04-01T00:01:30.000Z', '2026-04-01T00:01:30.000Z'],
    ]);
  });

  it('requires the time: a link without one is a type error and is rejected, not stamped with the wall clock', async () => {
    // @ts-expect-error now is required (the caller's injected clock)
    await expect(linkCrossReferences(store.db, [link('tl_engagement_H', '40')])).rejects.toThrow(/clock/);
    // @ts-expect-error now is required (the caller's injected clock)
    await expect(linkCrossReference(store.db, link('tl_engagement_H', '40'))).rejects.toThrow(/clock/);
    expect(await findBySystemId(store.db, { connection: 'netsuite', objectType: 'job', systemId: '40' })).toBeUndefined();
  });
});
