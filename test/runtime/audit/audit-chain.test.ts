import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { ThroughlineDatabase } from '../../../src/persistence/database.js';
import type { Database } from '../../../src/persistence/schema.js';
import { appendAudit } from '../../../src/runtime/audit/append-audit.js';
import { listAuditEntries } from '../../../src/runtime/audit/list-audit-entries.js';
import { verifyAuditChain } from '../../../src/runtime/audit/verify-audit-chain.js';
import { describeEachEngine } from '../../support/engines.js';

const at = new Date('2026-03-31T17:00:00.000Z');

async function appendSample(db: Kysely<Database>, count: number): Promise<void> {
  for (let i = 1; i <= count; i += 1) {
    await appendAudit(db, {
      actor: `user-${i}@firm.example`,
      action: 'exception.replayed',
      subjectType: 'exception',
      subjectId: `exc-${i % 3}`,
      before: { status: 'open', amount: { value: '1200.50', currency: 'USD' }, items: [i, i + 1] },
      after: { status: 'replayed', corrected: { taxCode: 'VAT20' } },
      reason: i % 2 === 0 ? 'tax code fixed in ERP' : undefined,
      at: new Date(at.getTime() + i * 1000),
    });
  }
}

/** Simulates a DBA with rights to switch the append-only trigger off. */
async function tamper(db: Kysely<Database>, statement: ReturnType<typeof sql>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`alter table tl_audit_log disable trigger tl_audit_log_append_only`.execute(trx);
    await statement.execute(trx);
    await sql`alter table tl_audit_log enable trigger tl_audit_log_append_only`.execute(trx);
  });
}

describeEachEngine('audit chain', (engine) => {
  // One store per engine (opening PGlite is slow); each test starts from an empty chain.
  let store: ThroughlineDatabase;
  beforeAll(async () => {
    store = await engine.open();
  });
  afterAll(async () => {
    await store.close();
  });
  beforeEach(async () => {
    await store.db.transaction().execute(async (trx) => {
      await sql`alter table tl_audit_log disable trigger user`.execute(trx);
      await sql`truncate tl_audit_log`.execute(trx);
      await sql`alter table tl_audit_log enable trigger user`.execute(trx);
      await sql`update tl_audit_head set seq = 0, hash = ${'0'.repeat(64)} where id = 1`.execute(trx);
    });
  });

  it('an untouched chain verifies and rows read back as written', async () => {
    await appendSample(store.db, 7);
    expect(await verifyAuditChain(store.db)).toEqual({ ok: true, rows: 7 });
    const history = await listAuditEntries(store.db, { subjectType: 'exception', subjectId: 'exc-1' });
    expect(history.map((h) => h.seq)).toEqual([1, 4, 7]);
    expect(history[1]).toMatchObject({
      actor: 'user-4@firm.example',
      before: { status: 'open', amount: { value: '1200.50', currency: 'USD' }, items: [4, 5] },
      reason: 'tax code fixed in ERP',
    });
  });

  it('an empty chain verifies', async () => {
    expect(await verifyAuditChain(store.db)).toEqual({ ok: true, rows: 0 });
  });

  it('the table refuses update, delete and truncate', async () => {
    await appendSample(store.db, 2);
    await expect(sql`update tl_audit_log set actor = 'x' where seq = 1`.execute(store.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from tl_audit_log where seq = 2`.execute(store.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate tl_audit_log`.execute(store.db)).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(store.db)).toEqual({ ok: true, rows: 2 });
  });

  it('an edited field is detected at its row', async () => {
    await appendSample(store.db, 5);
    await tamper(store.db, sql`update tl_audit_log set after = '{"status":"resolved"}'::jsonb where seq = 3`);
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: false, brokenAtSeq: 3 });
  });

  it('an edited actor with a recomputed hash is still detected by the next link', async () => {
    await appendSample(store.db, 5);
    await tamper(store.db, sql`update tl_audit_log set actor = 'someone-else', hash = repeat('a', 64) where seq = 2`);
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: false, brokenAtSeq: 2 });
  });

  it('a deleted row in the middle is detected', async () => {
    await appendSample(store.db, 5);
    await tamper(store.db, sql`delete from tl_audit_log where seq = 4`);
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: false, brokenAtSeq: 4, reason: expect.stringMatching(/missing/) });
  });

  it('deleting the newest rows is detected against the head', async () => {
    await appendSample(store.db, 5);
    await tamper(store.db, sql`delete from tl_audit_log where seq >= 4`);
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: false, brokenAtSeq: 4 });
  });

  it('swapped rows are detected', async () => {
    await appendSample(store.db, 5);
    await tamper(store.db, sql`update tl_audit_log set seq = 1000 where seq = 2`);
    await tamper(store.db, sql`update tl_audit_log set seq = 2 where seq = 3`);
    await tamper(store.db, sql`update tl_audit_log set seq = 3 where seq = 1000`);
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: false, brokenAtSeq: 2 });
  });

  it('an audit row rolls back with the transaction that wrote it', async () => {
    await appendSample(store.db, 2);
    await expect(
      store.db.transaction().execute(async (trx) => {
        await appendAudit(trx, { actor: 'a', action: 'exception.resolved', subjectType: 'exception', subjectId: 'x', at });
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow(/state change failed/);
    const next = await appendAudit(store.db, { actor: 'a', action: 'exception.resolved', subjectType: 'exception', subjectId: 'x', at });
    expect(next.seq).toBe(3);
    expect(await verifyAuditChain(store.db)).toEqual({ ok: true, rows: 3 });
  });

  it('concurrent writers never fork the chain', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        appendAudit(store.db, { actor: `w${i}`, action: 'run.retried', subjectType: 'run', subjectId: `r${i}`, after: { i }, at }),
      ),
    );
    expect(await verifyAuditChain(store.db)).toEqual({ ok: true, rows: 40 });
  });

  it('rejects an entry without an actor', async () => {
    await expect(
      appendAudit(store.db, { actor: '', action: 'x', subjectType: 'run', subjectId: 'r', at }),
    ).rejects.toThrow();
    expect(await verifyAuditChain(store.db)).toEqual({ ok: true, rows: 0 });
  });
});
