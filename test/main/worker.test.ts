import { expect, it } from 'vitest';
import { runWorkerProcess } from '../../src/main/worker.js';
import { silentLogger } from '../../src/observability/logger.js';
import { createFlowRegistry } from '../../src/runtime/flows/flow-registry.js';
import { pgliteEngine } from '../support/engines.js';
import { waitFor } from '../support/wait-for.js';

it('runs the outbox relay it is given while the worker runs, and stops it on the signal', async () => {
  const store = await pgliteEngine.open();
  const relay = { running: false, starts: 0, stops: 0 };
  const outbox = {
    start: () => {
      relay.running = true;
      relay.starts += 1;
    },
    stop: async () => {
      relay.running = false;
      relay.stops += 1;
    },
  };
  try {
    const done = runWorkerProcess({ store, flows: createFlowRegistry([]), logger: silentLogger(), outbox, signals: ['SIGUSR2'], pollIntervalMs: 10 });
    await waitFor(() => relay.running, { what: 'the worker process to start the relay' });
    process.emit('SIGUSR2', 'SIGUSR2');
    await done;
    expect(relay).toEqual({ running: false, starts: 1, stops: 1 });
  } finally {
    await store.close();
  }
});
