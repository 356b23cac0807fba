import { afterAll, beforeAll, expect, it } from 'vitest';
import { configSchema } from '../../src/config/index.js';
import { createHub } from '../../src/main/hub.js';
import { silentLogger } from '../../src/observability/logger.js';
import type { ThroughlineDatabase } from '../../src/persistence/database.js';
import { describeEachEngine } from '../support/engines.js';

const connections = [
  {
    id: 'salesforce', system: 'salesforce', baseUrl: 'http://127.0.0.1:9', webhookSecretEnv: 'HUB_TEST_WEBHOOK_SECRET',
    auth: { type: 'oauth_client_credentials', clientId: 'throughline-hub', clientSecretEnv: 'HUB_TEST_SF_SECRET' },
  },
  {
    id: 'netsuite', system: 'netsuite', baseUrl: 'http://127.0.0.1:9',
    auth: { type: 'netsuite_jwt', clientId: 'c', certificateId: 'k', privateKeyEnv: 'HUB_TEST_NS_KEY' },
  },
];

describeEachEngine('createHub', (engine) => {
  let store: ThroughlineDatabase;
  beforeAll(async () => {
    store = await engine.open();
  });
  afterAll(async () => {
    await store.close();
  });

  it('wires time-to-ledger, the webhook receiver and the poller from the configured connections', async () => {
    const env = { HUB_TEST_WEBHOOK_SECRET: 'whsec_dGVzdC1zZWNyZXQtdGVzdC1zZWNyZXQ=', HUB_TEST_SF_SECRET: 's', HUB_TEST_NS_KEY: 'not-used-until-a-call' };
    const hub = await createHub({ config: configSchema.parse({ connections }), store, env, logger: silentLogger() });
    try {
      expect(hub.flows.flows.map((f) => f.id)).toEqual(['time-to-ledger']);
      expect(hub.flows.subscribersOf('time.approved')).toHaveLength(1);
      expect((await hub.api.inject('/readyz')).json()).toEqual({ status: 'ready' });
      const unsigned = await hub.api.inject({ method: 'POST', url: '/v1/webhooks/salesforce', headers: { 'content-type': 'application/json' }, payload: '{}' });
      expect(unsigned.statusCode).toBe(401);
      expect((await hub.api.inject({ method: 'POST', url: '/v1/webhooks/netsuite', payload: '{}' })).statusCode).toBe(404);
    } finally {
      await hub.stop();
    }
  });

  it('refuses to start with a missing secret, naming the environment variable', async () => {
    await expect(createHub({ config: configSchema.parse({ connections }), store, env: { HUB_TEST_SF_SECRET: 's' }, logger: silentLogger() }))
      .rejects.toThrow(/HUB_TEST_NS_KEY/);
  });
});
