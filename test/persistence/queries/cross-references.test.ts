import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ThroughlineDatabase } from '../../../src/persistence/database.js';
import {
  findByCanonicalId, findBySystemId, findManyBySystemIds, findManyOnConnection, linkCrossReference, linkCrossReferences, systemRefOf,
} from '../../../src/persistence/queries/cross-references.js';
import { describeEachEngine } from '../../support/engines.js';

const link = (canonicalId: string, systemId: string, externalId: string | null = null) => ({
  canonicalId, entityType: 'engagement', connection: 'netsuite', system: 'netsuite', objectType: 'job', systemId, externalId,
});

describeEachEngine('cross-reference queries', (engine) => {
  let store: ThroughlineDatabase;
  beforeAll(async () => {
    store = await engine.open();
  });
  afterAll(async () => {
    await store.close();
  });

  it('links and finds in both directions, one at a time and in batches', async () => {
    await linkCrossReferences(store.db, [link('tl_engagement_A', '10', 'tl_engagement_A'), link('tl_engagement_B', '11')]);
    expect(await findBySystemId(store.db, { connection: 'netsuite', objectType: 'job', systemId: '10' })).toMatchObject({ canonicalId: 'tl_engagement_A', externalId: 'tl_engagement_A' });
    expect(await findByCanonicalId(store.db, { canonicalId: 'tl_engagement_B', connection: 'netsuite', objectType: 'job' })).toMatchObject({ systemId: '11' });
    const many = await findManyBySystemIds(store.db, { connection: 'netsuite', objectType: 'job' }, ['10', '11', '99']);
    expect([...many.keys()].sort()).toEqual(['10', '11']);
    const onConnection = await findManyOnConnection(store.db, 'netsuite', ['tl_engagement_A', 'tl_engagement_Z']);
    expect(systemRefOf(onConnection.get('tl_engagement_A')!)).toEqual({ system: 'netsuite', connection: 'netsuite', objectType: 'job', id: '10', externalId: 'tl_engagement_A' });
    expect(onConnection.has('tl_engagement_Z')).toBe(false);
  });

  it('keeps the first link when two writers race for one record or one entity', async () => {
    const first = await linkCrossReference(store.db, link('tl_engagement_C', '20'));
    const sameRecord = await linkCrossReference(store.db, link('tl_engagement_D', '20'));
    const sameEntity = await linkCrossReference(store.db, link('tl_engagement_C', '21'));
    expect(first.canonicalId).toBe('tl_engagement_C');
    expect(sameRecord).toMatchObject({ canonicalId: 'tl_engagement_C', systemId: '20' });
    expect(sameEntity).toMatchObject({ canonicalId: 'tl_engagement_C', systemId: '20' });
    expect(await findBySystemId(store.db, { connection: 'netsuite', objectType: 'job', systemId: '21' })).toBeUndefined();
  });
});
