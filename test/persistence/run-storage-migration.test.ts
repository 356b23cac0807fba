import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { openDatabase } from '../../src/persistence/database.js';
import { migrateThrough, migrateToLatest } from '../../src/persistence/migrator.js';
import { describeEachEngine, openFreshPostgres } from '../support/engines.js';

// Migrations 0042-0044 change how runs are stored; a store written before them must carry over.
describeEachEngine('run storage migration (0042-0044)', (engine) => {
  it('moves live checkpoints onto their run, archives compensated and superseded ones; finished runs leave the live states', async () => {
    const store = engine.name === 'pglite' ? await openDatabase({ engine: 'pglite', inMemory: true }) : await openFreshPostgres({ migrate: false });
    try {
      await migrateThrough(store.db, '0041_outbox_unfanned_key');
      const at = '2026-11-01T10:00:00.000Z';
      await sql`insert into tl_flow_run (id, flow_id, event_id, seq, ordering_key, status, current_step, next_attempt_at, input_version, created_at, updated_at)
                values ('run-a', 'f', 'evt-1', 1, 'k', 'retry_wait', 'post', ${at}, 2, ${at}, ${at}),
                       ('run-b', 'f', 'evt-2', 2, 'k', 'pending', null, ${at}, 1, ${at}, ${at})`.execute(store.db);
      await sql`insert into tl_step_checkpoint (run_id, step_id, input_version, output, completed_at, compensated_at) values
                ('run-a', 'resolve', 1, '{"rate":"150.00","key":"TYPO"}', ${at}, null),
                ('run-a', 'resolve', 2, '{"rate":"150.00","key":"OK"}', ${at}, null),
                ('run-a', 'reserve', 2, '{"hold":"H1"}', ${at}, '2026-11-01T11:00:00.000Z')`.execute(store.db);

      await migrateToLatest(store.db);

      const runs = await store.db.selectFrom('tl_flow_run').select(['id', 'step_outputs', 'live', 'holds_key']).orderBy('id').execute();
      expect(runs).toEqual([
        { id: 'run-a', step_outputs: { resolve: { rate: '150.00', key: 'OK' } }, live: true, holds_key: true },
        { id: 'run-b', step_outputs: {}, live: true, holds_key: true },
      ]);
      const archive = await store.db.selectFrom('tl_step_output_archive').select(['run_id', 'input_version', 'step_id', 'output', 'reason']).orderBy('id').execute();
      expect(archive).toEqual([
        { run_id: 'run-a', input_version: 1, step_id: 'resolve', output: { rate: '150.00', key: 'TYPO' }, reason: 'superseded' },
        { run_id: 'run-a', input_version: 2, step_id: 'reserve', output: { hold: 'H1' }, reason: 'compensated' },
      ]);
      // A finished run leaves the live states.
      await sql`update tl_flow_run set status = 'completed', finished_at = ${at} where id = 'run-b'`.execute(store.db);
      const b = await store.db.selectFrom('tl_flow_run').select(['live', 'holds_key']).where('id', '=', 'run-b').executeTakeFirstOrThrow();
      expect(b).toEqual({ live: false, holds_key: false });
    } finally {
      await store.close();
    }
  });
});
