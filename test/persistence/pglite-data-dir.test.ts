import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/persistence/database.js';
import { migrateToLatest } from '../../src/persistence/migrator.js';

describe('PGlite data directory', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'throughline-pglite-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('keeps schema and rows across close and reopen', { timeout: 120_000 }, async () => {
    const dataDir = path.join(root, 'nested', 'data');
    const first = await openDatabase({ engine: 'pglite', dataDir });
    expect(first.location).toBe(dataDir);
    const applied = await migrateToLatest(first.db);
    expect(applied.applied.length).toBeGreaterThan(0);
    await first.db
      .insertInto('tl_event')
      .values({
        id: 'evt_persist',
        type: 'deal.won',
        subject: 'tl_deal_01',
        source: 'salesforce-prod',
        source_id: '006000000000001',
        source_version: '1',
        dedupe_key: 'salesforce-prod|deal.won|006000000000001|1',
        time: new Date('2026-01-05T09:00:00Z'),
        correlation_id: 'tl_deal_01',
        causation_id: null,
        schema_version: '1',
        data: JSON.stringify({ amount: { amount: '120000.00', currency: 'USD' } }),
      })
      .execute();
    await first.close();
    expect(existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(true);

    const second = await openDatabase({ engine: 'pglite', dataDir });
    try {
      const again = await migrateToLatest(second.db);
      expect(again).toEqual({ applied: [], alreadyApplied: applied.applied.length });
      const row = await second.db.selectFrom('tl_event').select(['id', 'data']).executeTakeFirstOrThrow();
      expect(row).toEqual({ id: 'evt_persist', data: { amount: { amount: '120000.00', currency: 'USD' } } });
    } finally {
      await second.close();
    }
  });
});
