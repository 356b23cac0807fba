import { createIntake } from '../../../src/intake/create-intake.js';
import type { ThroughlineDatabase } from '../../../src/persistence/database.js';
import { createManualClock, type ManualClock } from '../../../src/runtime/clock.js';
import type { FlowDefinition } from '../../../src/runtime/flows/define-flow.js';
import { createFlowRegistry } from '../../../src/runtime/flows/flow-registry.js';
import { createWorker, type WorkerOptions } from '../../../src/runtime/worker/create-worker.js';
import { testEvent, testLineEvent, testLinePosted, type TestLineEvent } from './test-events.js';

/** Intake + worker over one store and a manual clock, for flows under test. */
export function runtimeHarness(store: ThroughlineDatabase, flows: FlowDefinition<TestLineEvent>[], options: Partial<WorkerOptions> = {}) {
  const clock: ManualClock = createManualClock();
  const registry = createFlowRegistry(flows as unknown as FlowDefinition[]);
  const intake = createIntake({ store, clock, definitions: [testLineEvent, testLinePosted], flows: registry });
  // The intake is the worker's outcome sink, as in the hub.
  const worker = createWorker({ store, clock, flows: registry, workerId: 'test-worker', leaseMs: 60_000, outcomes: intake, ...options });
  return { clock, registry, intake, worker };
}

/** A test event with ids unique to `prefix`, so tests can share one store. */
export function eventFor(prefix: string, i: number, key = `k${i}`, data: Partial<TestLineEvent['data']> = {}): TestLineEvent {
  const base = testEvent(i, key);
  return { ...base, id: `${prefix}_evt_${i}`, sourceId: `${prefix}_line_${i}`, data: { ...base.data, ...data } };
}
