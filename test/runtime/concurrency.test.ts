import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createIntake } from '../../src/intake/create-intake.js';
import { systemClock } from '../../src/runtime/clock.js';
import { defineFlowOf, type FlowDefinition } from '../../src/runtime/flows/define-flow.js';
import { defineStep } from '../../src/runtime/flows/define-step.js';
import { createFlowRegistry } from '../../src/runtime/flows/flow-registry.js';
import { openFreshPostgres, testDatabaseUrl } from '../support/engines.js';
import { pollUntil, spawnChildWorker } from './support/child-worker.js';
import { eventFor } from './support/runtime-harness.js';
import { testLineEvent, type TestLineEvent } from './support/test-events.js';

const KEYS = 100;
const PER_KEY = 100;
const WORKERS = 4;

describe.skipIf(!testDatabaseUrl)('concurrency: 4 worker processes on PostgreSQL', () => {
  it(`${KEYS} keys x ${PER_KEY} events: no run executes twice at once, each key runs in event order`, { timeout: 400_000 }, async () => {
    const store = await openFreshPostgres();
    const children: ReturnType<typeof spawnChildWorker>[] = [];
    try {
      await sql`create table conc_in_flight (run_id text primary key, worker text not null)`.execute(store.db);
      await sql`create table conc_overlap (run_id text not null, worker text not null)`.execute(store.db);
      await sql`create table conc_exec (id bigserial primary key, run_id text not null, key text not null, n int not null, worker text not null,
                                        started_at timestamptz not null, finished_at timestamptz)`.execute(store.db);
      // Same flow id and key function as the fixture's; only intake needs it here.
      const flow = defineFlowOf<TestLineEvent>()({
        id: 'conc-flow',
        on: ['test_line.approved'],
        key: (e) => e.data.key,
        steps: [defineStep({ id: 'apply', invoke: async () => ({}) })],
      });
      const intake = createIntake({ store, clock: systemClock, definitions: [testLineEvent], flows: createFlowRegistry([flow as unknown as FlowDefinition]) });
      // Interleaved: event i belongs to key i % KEYS, so every key's events are spread over the log.
      const results = await intake.ingest(Array.from({ length: KEYS * PER_KEY }, (_, i) => eventFor('conc', i, `key${i % KEYS}`)));
      expect(results.filter((r) => r.status === 'accepted')).toHaveLength(KEYS * PER_KEY);

      for (let w = 0; w < WORKERS; w++) children.push(spawnChildWorker('test/runtime/fixtures/concurrency-worker.ts', { CONC_DATABASE_URL: store.url }));
      const completed = async () =>
        (await sql<{ n: number }>`select count(*)::int as n from tl_flow_run where status = 'completed'`.execute(store.db)).rows[0]!.n;
      await pollUntil(async () => (await completed()) === KEYS * PER_KEY, 360_000, 'all runs to complete');
      for (const child of children) child.process.kill('SIGTERM');
      const codes = await Promise.all(children.map((c) => c.exited));
      expect(codes, children.map((c) => c.stderr()).join('\n')).toEqual(children.map(() => 0));
      expect(children.every((c) => c.lines('stopped') === 1)).toBe(true);

      const overlaps = await sql<{ n: number }>`select count(*)::int as n from conc_overlap`.execute(store.db);
      expect(overlaps.rows[0]!.n).toBe(0);
      const executions = await sql<{ total: number; runs: number }>`
        select count(*)::int as total, count(distinct run_id)::int as runs from conc_exec`.execute(store.db);
      expect(executions.rows[0]).toEqual({ total: KEYS * PER_KEY, runs: KEYS * PER_KEY });
      // Per key: execution order follows event order, and no two executions of a key overlap in time.
      const outOfOrder = await sql<{ n: number }>`
        select count(*)::int as n from (
          select n, lag(n) over (partition by key order by id) as previous from conc_exec) x
        where previous is not null and n <= previous`.execute(store.db);
      expect(outOfOrder.rows[0]!.n).toBe(0);
      const overlappingInKey = await sql<{ n: number }>`
        select count(*)::int as n from conc_exec a join conc_exec b
          on a.key = b.key and a.id < b.id and b.started_at < a.finished_at`.execute(store.db);
      expect(overlappingInKey.rows[0]!.n).toBe(0);
      const perWorker = await sql<{ worker: string; n: number }>`select worker, count(*)::int as n from conc_exec group by worker`.execute(store.db);
      expect(perWorker.rows).toHaveLength(WORKERS);
    } finally {
      for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
      await store.close();
    }
  });
});
