import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createIntake } from '../../src/intake/create-intake.js';
import { openDatabase } from '../../src/persistence/database.js';
import { migrateToLatest } from '../../src/persistence/migrator.js';
import { systemClock } from '../../src/runtime/clock.js';
import type { FlowDefinition } from '../../src/runtime/flows/define-flow.js';
import { createFlowRegistry } from '../../src/runtime/flows/flow-registry.js';
import type { ThroughlineDatabase } from '../../src/persistence/database.js';
import { openFreshPostgres, testDatabaseUrl } from '../support/engines.js';
import { createCrashTargets, crashFlow } from './fixtures/crash-flow.js';
import { pollUntil, spawnChildWorker } from './support/child-worker.js';
import { eventFor } from './support/runtime-harness.js';
import { testLineEvent } from './support/test-events.js';

const heavy = Boolean(process.env.CI || testDatabaseUrl);
const RUNS = 2_000;
const STEPS = 5;
const KILLS = 20;
// PostgreSQL when TEST_DATABASE_URL is set (child start-up is fast there); otherwise, or with
// CRASH_ENGINE=pglite, a PGlite data directory (each restart pays the WASM start-up, so it is slower).
const engine = testDatabaseUrl && process.env.CRASH_ENGINE !== 'pglite' ? 'postgres' : 'pglite';

describe.skipIf(!heavy)(`crash recovery (SIGKILL a worker process) [${engine}]`, () => {
  it(`${RUNS} runs of a ${STEPS}-step flow survive ${KILLS}+ kills: all complete, every effect exactly once`, { timeout: 600_000 }, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tl-crash-'));
    const postgres = engine === 'postgres' ? await openFreshPostgres() : undefined;
    try {
      const setup: ThroughlineDatabase = postgres ?? (await openDatabase({ engine: 'pglite', dataDir }));
      await migrateToLatest(setup.db);
      await createCrashTargets(setup.db);
      const intake = createIntake({
        store: setup,
        clock: systemClock,
        definitions: [testLineEvent],
        flows: createFlowRegistry([crashFlow(setup.db) as unknown as FlowDefinition]),
      });
      const results = await intake.ingest(Array.from({ length: RUNS }, (_, i) => eventFor('crash', i, `k${i % 250}`)));
      expect(results.every((r) => r.status === 'accepted')).toBe(true);
      if (!postgres) await setup.close();

      const fixture = 'test/runtime/fixtures/crash-worker.ts';
      const env: Record<string, string> = postgres ? { CRASH_DATABASE_URL: postgres.url, CRASH_LEASE_MS: '1000' } : { CRASH_DATA_DIR: dataDir, CRASH_LEASE_MS: '1000' };
      const killedAfter: number[] = [];
      while (killedAfter.length < KILLS) {
        const child = spawnChildWorker(fixture, env);
        // Kill at a random point of the work: after 1..250 step effects of this incarnation.
        const threshold = 1 + Math.floor(Math.random() * 250);
        let exited = false;
        void child.exited.then(() => (exited = true));
        await pollUntil(() => exited || child.lines('effect') >= threshold, 180_000, `child to reach ${threshold} effects`);
        if (exited) throw new Error(`worker finished or died before kill ${killedAfter.length + 1}: ${child.stderr()}`);
        child.process.kill('SIGKILL');
        await child.exited;
        killedAfter.push(threshold);
      }
      const last = spawnChildWorker(fixture, env);
      const code = await Promise.race([last.exited, new Promise((resolve) => setTimeout(() => resolve('deadline'), 300_000))]);
      expect(code, last.stderr()).toBe(0);

      const check = postgres ?? (await openDatabase({ engine: 'pglite', dataDir }));
      try {
        const summary = await sql<{ runs: number; completed: number; effects: number; runs_with_five: number; attempts: number; checkpoints: number }>`
          select (select count(*)::int from tl_flow_run) as runs,
                 (select count(*)::int from tl_flow_run where status = 'completed') as completed,
                 (select count(*)::int from crash_effect) as effects,
                 (select count(*)::int from (select run_id from crash_effect group by run_id having count(*) = ${STEPS}) r) as runs_with_five,
                 (select count(*)::int from crash_attempt) as attempts,
                 (select sum((select count(*) from jsonb_object_keys(step_outputs)))::int from tl_flow_run) as checkpoints`.execute(check.db);
        const s = summary.rows[0]!;
        expect(killedAfter.length).toBeGreaterThanOrEqual(KILLS);
        expect(s).toMatchObject({ runs: RUNS, completed: RUNS, effects: RUNS * STEPS, runs_with_five: RUNS, checkpoints: RUNS * STEPS });
        // Kills landed between an effect and its checkpoint, so some steps ran again — and still wrote once.
        expect(s.attempts).toBeGreaterThan(s.effects);
      } finally {
        if (!postgres) await check.close();
      }
    } finally {
      await postgres?.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
