import { expect, it } from 'vitest';
import { storeReadiness } from '../../../src/runtime/health/store-readiness.js';
import { describeEachEngine } from '../../support/engines.js';

describeEachEngine('storeReadiness', (engine) => {
  it('is ready on a migrated store, and names an unreachable store', async () => {
    const store = await engine.open();
    expect(await storeReadiness(store)).toEqual({ ready: true });
    await store.close();
    const after = await storeReadiness(store);
    expect(after.ready).toBe(false);
    expect(!after.ready && after.reason).toMatch(/^store unreachable: /);
  });
});
