import { afterAll, beforeAll, expect, it } from 'vitest';
import { configSchema } from '../../src/config/index.js';
import type { ConnectionConfig } from '../../src/config/connection-schema.js';
import { netSuiteEndpointBudget } from '../../src/connectors/netsuite/index.js';
import { salesforceEndpointBudget } from '../../src/connectors/salesforce/index.js';
import { createHub } from '../../src/main/hub.js';
import { silentLogger } from '../../src/observability/logger.js';
import type { ThroughlineDatabase } from '../../src/persistence/database.js';
import { describeEachEngine } from '../support/engines.js';
import { parseExposition, valueOf } from '../support/prometheus-text.js';

const env = { HUB_METRICS_SF_SECRET: 's', HUB_METRICS_NS_KEY: 'not-used-until-a-call' };
const config = configSchema.parse({
  connections: [
    {
      id: 'salesforce', system: 'salesforce', baseUrl: 'http://127.0.0.1:9',
      auth: { type: 'oauth_client_credentials', clientId: 'throughline-hub', clientSecretEnv: 'HUB_METRICS_SF_SECRET' },
    },
    {
      id: 'netsuite', system: 'netsuite', baseUrl: 'http://127.0.0.1:9', limits: { concurrency: 3 },
      auth: { type: 'netsuite_jwt', clientId: 'c', certificateId: 'k', privateKeyEnv: 'HUB_METRICS_NS_KEY' },
    },
  ],
});

describeEachEngine('createHub: /metrics', (engine) => {
  let store: ThroughlineDatabase;
  beforeAll(async () => {
    store = await engine.open();
  });
  afterAll(async () => {
    await store.close();
  });

  it("serves the hub's governor budgets per connection beside the store-read metrics", async () => {
    const hub = await createHub({ config, store, env, logger: silentLogger() });
    try {
      const response = await hub.api.inject('/metrics');
      expect(response.statusCode).toBe(200);
      const samples = parseExposition(response.body);
      const connectionOf = (id: string) => config.connections.find((c) => c.id === id) as ConnectionConfig;
      expect(valueOf(samples, 'throughline_governor_slots_max', { endpoint: 'salesforce' })).toBe(salesforceEndpointBudget(connectionOf('salesforce')).maxConcurrency);
      expect(valueOf(samples, 'throughline_governor_slots_max', { endpoint: 'netsuite' })).toBe(netSuiteEndpointBudget(connectionOf('netsuite')).maxConcurrency);
      expect(valueOf(samples, 'throughline_governor_slots_limit', { endpoint: 'netsuite' })).toBe(3);
      expect(valueOf(samples, 'throughline_governor_slots_in_use', { endpoint: 'netsuite' })).toBe(0);
      expect(valueOf(samples, 'throughline_governor_throttled_calls_total', { endpoint: 'salesforce' })).toBe(0);
      expect(valueOf(samples, 'throughline_outbox_undelivered_messages')).toBe(0);
      expect(response.body).toContain('# TYPE throughline_webhooks_total counter');
    } finally {
      await hub.stop();
    }
  });
});
