import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.js';
import { defineFlowOf } from '../../src/runtime/flows/define-flow.js';
import { defineStep } from '../../src/runtime/flows/define-step.js';
import { eventFor, runtimeHarness } from './support/runtime-harness.js';
import type { TestLineEvent } from './support/test-events.js';

/** Deterministic Fisher-Yates shuffle (mulberry32), so a failure reproduces. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describeEachEngine('duplicates', (engine) => {
  it('the same 10,000 events ingested 3 times in shuffled order create exactly 10,000 events and runs', { timeout: 120_000 }, async () => {
    const store = await engine.open();
    try {
      const flow = defineFlowOf<TestLineEvent>()({
        id: 'dup-flow',
        on: ['test_line.approved'],
        key: (e) => e.data.key,
        steps: [defineStep({ id: 'noop', invoke: async () => ({}) })],
      });
      const { intake } = runtimeHarness(store, [flow]);
      const events = Array.from({ length: 10_000 }, (_, i) => eventFor('dup', i, `k${i % 500}`));
      const totals = { accepted: 0, duplicate: 0, rejected: 0 };
      for (const seed of [1, 2, 3]) {
        const results = await intake.ingest(shuffled(events, seed));
        for (const r of results) totals[r.status]++;
      }
      expect(totals).toEqual({ accepted: 10_000, duplicate: 20_000, rejected: 0 });
      const counts = await sql<{ events: number; runs: number; distinct_events: number }>`
        select (select count(*)::int from tl_event) as events,
               (select count(*)::int from tl_flow_run) as runs,
               (select count(distinct event_id)::int from tl_flow_run) as distinct_events`.execute(store.db);
      expect(counts.rows[0]).toEqual({ events: 10_000, runs: 10_000, distinct_events: 10_000 });
    } finally {
      await store.close();
    }
  });
});
