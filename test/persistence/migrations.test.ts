import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { migrateToLatest } from '../../src/persistence/migrator.js';
import { describeEachEngine } from '../support/engines.js';

describeEachEngine('migrations', (engine) => {
  it('a second run applies nothing and reports what is already there', async () => {
    const store = await engine.open();
    try {
      const again = await migrateToLatest(store.db);
      expect(again.applied).toEqual([]);
      expect(again.alreadyApplied).toBeGreaterThanOrEqual(2);
    } finally {
      await store.close();
    }
  });

  it('cross-references are unique in both directions', async () => {
    const store = await engine.open();
    try {
      const row = {
        canonical_id: 'tl_client_01J00000000000000000000000',
        entity_type: 'client',
        connection_id: 'netsuite',
        system: 'netsuite',
        object_type: 'customer',
        system_id: '647',
        external_id: 'tl_client_01J00000000000000000000000',
        updated_at: new Date(),
      };
      await store.db.insertInto('tl_cross_reference').values(row).execute();
      await expect(
        store.db.insertInto('tl_cross_reference').values({ ...row, system_id: '648' }).execute(),
      ).rejects.toThrow(/unique|duplicate/i);
      await expect(
        store.db.insertInto('tl_cross_reference').values({ ...row, canonical_id: 'tl_client_other' }).execute(),
      ).rejects.toThrow(/unique|duplicate/i);
      const count = await sql<{ n: number }>`select count(*)::int as n from tl_cross_reference`.execute(store.db);
      expect(count.rows[0]?.n).toBe(1);
    } finally {
      await store.close();
    }
  });
});
