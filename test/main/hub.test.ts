import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyStandardWebhook } from '../../src/api/webhooks/verify-signature.js';
import { configSchema, parseConfig } from '../../src/config/index.js';
import type { ConnectionConfig } from '../../src/config/connection-schema.js';
import { anaplanEndpointBudget } from '../../src/connectors/anaplan/index.js';
import { netSuiteEndpointBudget } from '../../src/connectors/netsuite/index.js';
import { salesforceEndpointBudget } from '../../src/connectors/salesforce/index.js';
import { workdayEndpointBudget } from '../../src/connectors/workday/index.js';
import { createHub } from '../../src/main/hub.js';
import { silentLogger } from '../../src/observability/logger.js';
import type { ThroughlineDatabase } from '../../src/persistence/database.js';
import { createManualClock } from '../../src/runtime/clock.js';
import { describeEachEngine } from '../support/engines.js';
import { waitFor } from '../support/wait-for.js';

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

const hrAndPlanning = [
  {
    id: 'hr', system: 'workday', baseUrl: 'http://127.0.0.1:9', settings: { tenant: 'acme', pageSize: 50 },
    auth: { type: 'workday_refresh_token', clientId: 'wd', clientSecretEnv: 'HUB_TEST_WD_SECRET', refreshTokenEnv: 'HUB_TEST_WD_REFRESH' },
  },
  {
    id: 'planning', system: 'anaplan', baseUrl: 'http://127.0.0.1:9',
    settings: { workspaceId: 'ws', modelId: 'm', actualsFileId: '113000000000', actualsImportId: '112000000000' },
    auth: { type: 'anaplan_basic', usernameEnv: 'HUB_TEST_AP_USER', passwordEnv: 'HUB_TEST_AP_PASSWORD' },
  },
];
const allSecrets = {
  HUB_TEST_WEBHOOK_SECRET: 'whsec_dGVzdC1zZWNyZXQtdGVzdC1zZWNyZXQ=', HUB_TEST_SF_SECRET: 's', HUB_TEST_NS_KEY: 'not-used-until-a-call',
  HUB_TEST_WD_SECRET: 'w', HUB_TEST_WD_REFRESH: 'r', HUB_TEST_AP_USER: 'u', HUB_TEST_AP_PASSWORD: 'p',
};

/** A valid `period.close_started` event (no flow subscribes to it). */
function periodCloseStarted(id: string) {
  return {
    id, type: 'period.close_started', subject: 'period:2026-03', source: 'hub-test', sourceId: id, sourceVersion: '1',
    time: '2026-03-31T10:00:00.000Z', correlationId: id, causationId: null, schemaVersion: '1',
    data: { period: '2026-03', startedAt: '2026-03-31T10:00:00.000Z', startedBy: 'controller' },
  };
}

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

  it('with Workday and Anaplan configured, runs the worker delta poller and exposes the planning port', async () => {
    const config = parseConfig({ connections: [...connections, ...hrAndPlanning] }, { env: allSecrets });
    const hub = await createHub({ config, store, env: allSecrets, logger: silentLogger() });
    try {
      expect(hub.workday?.connection).toBe('hr');
      expect(hub.workday?.pollers).toHaveLength(1);
      expect(hub.workday!.pollers.every((p) => p.connection === 'hr')).toBe(true);
      // The pollers the hub runs: Salesforce's, then Workday's (port 9 refuses: each pass ends in an error).
      const pass = await hub.pollers.pollOnce();
      expect(pass.map((p) => [p.pollerId, p.connection])).toEqual([
        ...hub.salesforce!.pollers.map((p) => [p.id, 'salesforce']),
        [hub.workday!.pollers[0]!.id, 'hr'],
      ]);
      expect(typeof hub.anaplan?.planning.publishActuals).toBe('function');
      expect(hub.anaplan?.connection).toBe('planning');
      // No flow subscribes to worker events yet; time-to-ledger is unchanged.
      expect(hub.flows.flows.map((f) => f.id)).toEqual(['time-to-ledger']);
      expect(hub.flows.subscribersOf('worker.hired')).toHaveLength(0);
    } finally {
      await hub.stop();
    }
  });

  it('at start registers one durable schedule per poller (configured cron, else every minute) and runs the pollers whose tick fired', async () => {
    await sql`delete from tl_schedule`.execute(store.db);
    const config = parseConfig({
      connections: [...connections, ...hrAndPlanning],
      schedules: [{ poller: 'hr:workday:worker-delta', cron: '*/5 * * * *', timezone: 'Europe/London' }],
    }, { env: allSecrets });
    const clock = createManualClock('2026-03-31T10:02:30.000Z');
    const hub = await createHub({ config, store, env: allSecrets, clock, logger: silentLogger() });
    try {
      await hub.start({ port: 0 });
      const rows = await store.db.selectFrom('tl_schedule').select(['name', 'cron', 'timezone', 'next_fire_at']).orderBy('name').execute();
      expect(rows.map((r) => [r.name, r.cron, r.timezone, r.next_fire_at.toISOString()])).toEqual([
        ['poller:hr:workday:worker-delta', '*/5 * * * *', 'Europe/London', '2026-03-31T10:05:00.000Z'],
        ['poller:salesforce:timecards', '* * * * *', 'UTC', '2026-03-31T10:03:00.000Z'],
      ]);
      await hub.scheduler.stop(); // this test drives the checks itself
      await clock.advance(60_000);
      // Port 9 refuses: the Salesforce pass fails, and is reported as the pass of its tick.
      const check = await hub.scheduler.runDue();
      expect(check.ticks.map((t) => t.name)).toEqual(['poller:salesforce:timecards']);
      expect(check.passes).toEqual([expect.objectContaining({ pollerId: 'salesforce:timecards', error: expect.any(String) })]);
    } finally {
      await hub.stop();
    }
  });

  it('a schedule for a poller the hub does not run is a configuration error with the path', async () => {
    const schedules = [{ poller: 'netsuite:invoices', cron: '* * * * *', timezone: 'UTC' }];
    // Loading the configuration refuses it already (config check, serve, worker) ...
    expect(() => parseConfig({ connections, schedules }, { env: allSecrets })).toThrow('schedules[0].poller: the hub runs no poller "netsuite:invoices"');
    // ... and so does the hub given it unchecked, with the same problem.
    const config = { ...parseConfig({ connections }, { env: allSecrets }), schedules };
    const refused = createHub({ config, store, env: allSecrets, logger: silentLogger() });
    await expect(refused).rejects.toMatchObject({
      name: 'ConfigError',
      problems: ['schedules[0].poller: the hub runs no poller "netsuite:invoices" (its pollers: salesforce:timecards)'],
    });
  });

  it('without Workday or Anaplan connections leaves both undefined', async () => {
    const hub = await createHub({ config: configSchema.parse({ connections }), store, env: allSecrets, logger: silentLogger() });
    try {
      expect(hub.workday).toBeUndefined();
      expect(hub.anaplan).toBeUndefined();
    } finally {
      await hub.stop();
    }
  });

  it("gives the governor each connection's budget as its connector computes it, from the connection's limits or the vendor default", async () => {
    const budgetFunctions: Record<string, (c: ConnectionConfig) => { maxConcurrency: number }> = {
      salesforce: salesforceEndpointBudget, netsuite: netSuiteEndpointBudget, workday: workdayEndpointBudget, anaplan: anaplanEndpointBudget,
    };
    const governedBudgets = async (input: unknown[]) => {
      const config = parseConfig({ connections: input }, { env: allSecrets });
      const hub = await createHub({ config, store, env: allSecrets, logger: silentLogger() });
      try {
        // The governor describes an endpoint once it has been called.
        for (const connection of config.connections) await hub.governor.run(connection.id, async () => undefined);
        const snapshot = await hub.governor.snapshot();
        const expected = Object.fromEntries(config.connections.map((c) => [c.id, budgetFunctions[c.system]!(c).maxConcurrency]));
        return { governed: Object.fromEntries(snapshot.endpoints.map((e) => [e.endpointId, e.maxConcurrency])), expected };
      } finally {
        await hub.stop();
      }
    };
    const defaults = await governedBudgets([...connections, ...hrAndPlanning]);
    // Without limits: the vendors' defaults (Salesforce 25 long-running calls, NetSuite standard tier 5, Workday 4, Anaplan 4).
    expect(defaults.governed).toEqual({ salesforce: 25, netsuite: 5, hr: 4, planning: 4 });
    expect(defaults.governed).toEqual(defaults.expected);
    const limited = await governedBudgets([
      { ...connections[0], limits: { concurrency: 7, requestsPerSecond: 3 } },
      { ...connections[1], limits: { netsuiteTier: 'premium', suiteCloudPlusLicenses: 1 } },
      { ...hrAndPlanning[0], limits: { concurrency: 2 } },
      { ...hrAndPlanning[1], limits: { concurrency: 3, requestsPerSecond: 5 } },
    ]);
    expect(limited.governed).toEqual({ salesforce: 7, netsuite: 25, hr: 2, planning: 3 });
    expect(limited.governed).toEqual(limited.expected);
  });

  it('with a webhook sink configured, runs the outbox relay: an ingested event of a subscribed type reaches the sink, signed; other types do not', async () => {
    const received: Array<{ headers: IncomingHttpHeaders; body: Buffer }> = [];
    const receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks) });
        response.writeHead(204).end();
      });
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/throughline-events`;
    const env = { ...allSecrets, HUB_TEST_SINK_SECRET: 'whsec_c2luay1zZWNyZXQtc2luay1zZWNyZXQ=' };
    const config = parseConfig({
      connections,
      sinks: [
        { name: 'finance-feed', type: 'webhook', url, secretEnv: 'HUB_TEST_SINK_SECRET', events: ['period.close_started'] },
        { name: 'billing-feed', type: 'webhook', url: `${url}/billing`, secretEnv: 'HUB_TEST_SINK_SECRET', events: ['time.posted'] },
      ],
    }, { env });
    const hub = await createHub({ config, store, env, logger: silentLogger() });
    try {
      expect(hub.outbox).toBeDefined();
      await hub.start({ port: 0, pollers: false });
      expect((await hub.intake.ingest([periodCloseStarted('sink-test-1')]))[0]!.status).toBe('accepted');
      await waitFor(() => received.length >= 1, { what: 'the sink to receive the event' });
      const [delivery] = received;
      expect(delivery!.headers['content-type']).toBe('application/json');
      expect(JSON.parse(delivery!.body.toString('utf8'))).toMatchObject({ id: 'sink-test-1', type: 'period.close_started' });
      const check = verifyStandardWebhook({ secret: env.HUB_TEST_SINK_SECRET, headers: delivery!.headers, rawBody: delivery!.body, now: new Date() });
      expect(check.ok).toBe(true);
      // Both sinks settle the message; the billing feed (time.posted only) without sending it.
      const settled = async () => {
        const rows = await sql<{ sink: string; status: string }>`
          select d.sink, d.status from tl_outbox_delivery d join tl_outbox_message m on m.id = d.message_id
          where m.payload->>'id' = 'sink-test-1' order by d.sink`.execute(store.db);
        return rows.rows.map((r) => `${r.sink}:${r.status}`).join(' ') === 'billing-feed:delivered finance-feed:delivered';
      };
      await waitFor(settled, { what: 'both sinks to settle the message' });
    } finally {
      await hub.stop();
      receiver.close();
    }
    // The billing feed subscribes to time.posted only: it never saw the event.
    expect(received).toHaveLength(1);
  });

  it('without sinks builds no outbox relay and writes nothing to the outbox', async () => {
    const before = await store.db.selectFrom('tl_outbox_message').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const hub = await createHub({ config: parseConfig({ connections }, { env: allSecrets }), store, env: allSecrets, logger: silentLogger() });
    try {
      expect(hub.outbox).toBeUndefined();
      await hub.start({ port: 0, pollers: false });
      expect((await hub.intake.ingest([periodCloseStarted('no-sink-1')]))[0]!.status).toBe('accepted');
    } finally {
      await hub.stop();
    }
    const after = await store.db.selectFrom('tl_outbox_message').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('refuses to start with a missing Workday or Anaplan secret, naming the variable', async () => {
    const config = parseConfig({ connections: hrAndPlanning }, { checkSecrets: false });
    await expect(createHub({ config, store, env: { ...allSecrets, HUB_TEST_WD_REFRESH: '' }, logger: silentLogger() })).rejects.toThrow(/HUB_TEST_WD_REFRESH/);
    await expect(createHub({ config, store, env: { ...allSecrets, HUB_TEST_AP_PASSWORD: undefined }, logger: silentLogger() })).rejects.toThrow(/HUB_TEST_AP_PASSWORD/);
  });
});

it('a workday connection without its tenant (or an anaplan one without its model) is a configuration error with the path', () => {
  const [hr, planning] = hrAndPlanning;
  const problems = (input: unknown[]) => {
    try {
      parseConfig({ connections: input }, { env: allSecrets });
    } catch (error) {
      return (error as { problems: string[] }).problems;
    }
    return [];
  };
  expect(problems([...connections, { ...hr, settings: { pageSize: 10 } }])).toEqual(['connections[2].settings.tenant: is required']);
  expect(problems([...connections, { ...hr, settings: undefined }])).toEqual(['connections[2].settings: is required for workday connections (tenant)']);
  expect(problems([hr, { ...planning, settings: { workspaceId: 'ws', modelId: 'm', actualsFileId: 'f', tenant: 'acme' } }]).sort()).toEqual([
    'connections[1].settings.actualsImportId: is required',
    'connections[1].settings.tenant: is not a setting of anaplan connections',
  ]);
  expect(problems([{ ...connections[0], settings: { tenant: 'acme' } }])).toEqual(['connections[0].settings: is not used by a salesforce connection']);
});
