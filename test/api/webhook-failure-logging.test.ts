// Regression (issue 9 item 5): a webhook handler's failure was logged with its message, which can carry
// a vendor's words (rates, people's names). The log names the error by its code; the sender still gets the reason.
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiServer } from '../../src/api/create-api-server.js';
import { createWebhookStats } from '../../src/api/webhooks/webhook-stats.js';
import { eventDefinitions } from '../../src/canonical/events/index.js';
import { createIntake } from '../../src/intake/create-intake.js';
import type { WebhookHandler } from '../../src/intake/inbound-source.js';
import { createLogger } from '../../src/observability/logger.js';
import type { ThroughlineDatabase } from '../../src/persistence/database.js';
import { createManualClock } from '../../src/runtime/clock.js';
import { NonRetryableError } from '../../src/runtime/errors.js';
import { createFlowRegistry } from '../../src/runtime/flows/flow-registry.js';
import { captureStream } from '../support/capture-log.js';
import { describeEachEngine } from '../support/engines.js';

const secret = `whsec_${Buffer.from('a-test-secret-of-enough-length!!').toString('base64')}`;
const failing: WebhookHandler = {
  connection: 'salesforce',
  async handle() {
    throw new NonRetryableError('FIELD_INTEGRITY_EXCEPTION: rate 250.00 for Jane Doe', { vendorCode: 'FIELD_INTEGRITY_EXCEPTION', kind: 'validation', connection: 'salesforce' });
  },
};

describeEachEngine('webhook handler failures in the logs', (engine) => {
  let store: ThroughlineDatabase;
  const clock = createManualClock('2026-03-02T12:00:00.000Z');
  const log = captureStream();
  let app: Awaited<ReturnType<typeof createApiServer>>;
  beforeAll(async () => {
    store = await engine.open();
    const intake = createIntake({ store, clock, definitions: Object.values(eventDefinitions), flows: createFlowRegistry([]) });
    const logger = createLogger({ level: 'info', destination: log.stream });
    app = await createApiServer({ store, intake, webhookHandlers: [failing], webhookSecrets: { salesforce: secret }, clock, stats: createWebhookStats(), logger });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('logs the vendor code and kind, not the words; the sender is told the reason', async () => {
    const payload = JSON.stringify({ events: [] });
    const response = await app.inject({
      method: 'POST', url: '/v1/webhooks/salesforce', payload,
      headers: { 'content-type': 'application/json', 'webhook-id': 'msg_log_1', 'webhook-timestamp': String(Math.floor(clock.now().getTime() / 1000)), 'webhook-signature': new Webhook(secret).sign('msg_log_1', clock.now(), payload) },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 400, code: 'unprocessable', detail: expect.stringContaining('Jane Doe') });
    const logged = log.raw();
    expect(logged).toContain('webhook handler failed');
    expect(logged).toContain('FIELD_INTEGRITY_EXCEPTION');
    expect(logged).not.toContain('Jane Doe');
    expect(logged).not.toContain('250.00');
  });
});
