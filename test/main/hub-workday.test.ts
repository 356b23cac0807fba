import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { createHub, type Hub } from '../../src/main/hub.js';
import { silentLogger } from '../../src/observability/logger.js';
import type { ThroughlineDatabase } from '../../src/persistence/database.js';
import type { Clock } from '../../src/runtime/clock.js';
import { createSandboxClock } from '../../src/sandboxes/kit/clock.js';
import { startWorkdaySandbox, type RunningWorkdaySandbox } from '../../src/sandboxes/workday/workday-sandbox.js';
import { describeEachEngine } from '../support/engines.js';

describeEachEngine('createHub with a Workday connection', (engine) => {
  let sandbox: RunningWorkdaySandbox;
  let store: ThroughlineDatabase;
  let hub: Hub;
  beforeAll(async () => {
    const sandboxClock = createSandboxClock('2026-01-05T09:00:00Z', 'manual');
    sandbox = await startWorkdaySandbox({ clock: sandboxClock });
    // The hub reads the sandbox's manual clock: a sleep moves both.
    const clock: Clock = { now: () => sandboxClock.now(), sleep: async (ms) => sandboxClock.advance(ms) };
    sandboxClock.advance(60_000);
    const { credentials } = sandbox;
    const env = { HUB_WD_CLIENT_SECRET: credentials.clientSecret!, HUB_WD_REFRESH_TOKEN: credentials.refreshToken! };
    const config = parseConfig({
      connections: [{
        id: 'hr', system: 'workday', baseUrl: sandbox.baseUrl, settings: { tenant: credentials.tenant!, pageSize: 2 },
        auth: { type: 'workday_refresh_token', clientId: credentials.clientId!, clientSecretEnv: 'HUB_WD_CLIENT_SECRET', refreshTokenEnv: 'HUB_WD_REFRESH_TOKEN' },
      }],
    }, { env });
    store = await engine.open();
    hub = await createHub({ config, store, env, clock, logger: silentLogger() });
  });
  afterAll(async () => {
    await hub?.stop();
    await store?.close();
    await sandbox?.stop();
  });

  it('polls worker deltas through intake: one worker.hired per worker, paged by the configured pageSize', async () => {
    const wids = sandbox.store.all().map((w) => w.wid).sort();
    expect(wids.length).toBeGreaterThan(2);
    const [pass, ...others] = await hub.pollers.pollOnce();
    expect(others).toEqual([]);
    expect(pass).toMatchObject({ connection: 'hr', accepted: wids.length, rejected: 0, pages: Math.ceil(wids.length / 2) });
    expect(pass!.error).toBeUndefined();

    const hired = await store.db.selectFrom('tl_event').select(['source', 'source_id']).where('type', '=', 'worker.hired').execute();
    expect(hired.every((e) => e.source === 'hr')).toBe(true);
    expect(hired.map((e) => e.source_id).sort()).toEqual(wids);
    // Calls went through the hub's recorder under the connection id, one token for the whole pass.
    expect(hub.calls.snapshot().hr).toMatchObject({ tokenRequests: 1 });
    expect(hub.calls.snapshot().hr!.requests).toBeGreaterThanOrEqual(pass!.pages);
  });
});
