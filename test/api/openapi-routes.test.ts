import type { FastifyInstance } from 'fastify';
import { expect, it } from 'vitest';
import { createApiServer } from '../../src/api/create-api-server.js';
import { createWebhookStats } from '../../src/api/webhooks/webhook-stats.js';
import { eventDefinitions } from '../../src/canonical/events/index.js';
import { createIntake } from '../../src/intake/create-intake.js';
import type { WebhookHandler } from '../../src/intake/inbound-source.js';
import { createManualClock } from '../../src/runtime/clock.js';
import { createFlowRegistry } from '../../src/runtime/flows/flow-registry.js';
import { describeEachEngine } from '../support/engines.js';

/**
 * Every route the app registers, as `METHOD /path/{param}`, read from Fastify's route tree
 * (`printRoutes`; nested lines continue their parent's path). HEAD routes Fastify adds for each GET
 * are left out: they are the GET without a body.
 */
function registeredRoutes(app: FastifyInstance): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:│ {3}| {4})*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    const path = stack.join('').replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim()).filter((m) => m !== '' && m !== 'HEAD')) routes.push(`${method} ${path}`);
  }
  return routes.sort();
}

const handler: WebhookHandler = { connection: 'salesforce', handle: async () => ({ events: [], echoesDropped: 0, ignored: 0 }) };

describeEachEngine('OpenAPI document', (engine) => {
  it('documents every route the app serves, and nothing it does not serve', async () => {
    const store = await engine.open();
    const clock = createManualClock('2026-03-02T12:00:00.000Z');
    const intake = createIntake({ store, clock, definitions: Object.values(eventDefinitions), flows: createFlowRegistry([]) });
    const app = await createApiServer({ store, intake, webhookHandlers: [handler], webhookSecrets: { salesforce: 'whsec_eA==' }, clock, stats: createWebhookStats() });
    try {
      await app.ready();
      const routes = registeredRoutes(app);
      expect(routes).toEqual(expect.arrayContaining(['GET /healthz', 'GET /metrics', 'POST /v1/webhooks/{connection}']));
      const doc = (await app.inject('/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
      const documented = Object.entries(doc.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`)).sort();
      expect(documented).toEqual(routes);
    } finally {
      await app.close();
      await store.close();
    }
  });

  it('describes /metrics as the Prometheus text exposition, with the content type it is served with', async () => {
    const store = await engine.open();
    const clock = createManualClock('2026-03-02T12:00:00.000Z');
    const intake = createIntake({ store, clock, definitions: Object.values(eventDefinitions), flows: createFlowRegistry([]) });
    const app = await createApiServer({ store, intake, webhookHandlers: [], webhookSecrets: {}, clock });
    try {
      const served = await app.inject('/metrics');
      const doc = (await app.inject('/openapi.json')).json() as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> };
      const metrics = doc.paths['/metrics']!.get!;
      expect(Object.keys(metrics.responses['200']!.content ?? {})).toEqual([served.headers['content-type']]);
      expect(served.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    } finally {
      await app.close();
      await store.close();
    }
  });
});
