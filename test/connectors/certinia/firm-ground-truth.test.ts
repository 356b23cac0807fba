/* eslint-disable @typescript-eslint/no-explicit-any -- vendor credentials and event data read field by field */
import { createServer, type Server } from 'node:http';
import { Decimal } from 'decimal.js';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../src/canonical/envelope.js';
import { parseCanonicalEvent } from '../../../src/canonical/parse-event.js';
import { createSalesforceConnector, type ApprovedBeforeLookup, type SalesforceConnector } from '../../../src/connectors/salesforce/index.js';
import { createManualClock } from '../../../src/runtime/clock.js';
import { startEstate, type Estate } from '../../../src/sandboxes/estate.js';
import type { GroundTruth } from '../../../src/sandboxes/firm/ground-truth.js';
import { createFirmSimulator } from '../../../src/sandboxes/firm/firm-simulator.js';
import { createSandboxClock } from '../../../src/sandboxes/kit/clock.js';
import { createWebhookSecret } from '../../../src/sandboxes/kit/webhooks.js';

let estate: Estate;
let truth: GroundTruth;
let server: Server;
let connector: SalesforceConnector;
const secret = createWebhookSecret();
const deliveries: unknown[] = [];
/** What the event log would say: entries with an approval so far. */
const approvedSoFar = new Set<string>();
const approvedBefore: ApprovedBeforeLookup = async (ids) => new Set(ids.filter((id) => approvedSoFar.has(id)));

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      deliveries.push(new Webhook(secret).verify(body, req.headers as Record<string, string>));
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  estate = await startEstate({ only: ['salesforce'], clock: createSandboxClock('2026-01-05T08:00:00Z', 'manual') });
  const sf = estate.sandboxes.salesforce! as any;
  await fetch(`${sf.baseUrl}/__admin/cdc/subscriptions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, secret, entities: ['pse__Timecard_Header__c'] }),
  });
  const creds = sf.credentials;
  truth = await createFirmSimulator({
    salesforce: { baseUrl: sf.baseUrl, adminUrl: `${sf.baseUrl}/__admin`, clientId: creds.firmUsersClientId, clientSecret: creds.firmUsersClientSecret },
    seed: 3,
    days: 35,
    consultants: 12,
  }).run();
  await sf.webhooks.flush();
  connector = createSalesforceConnector(
    { connection: { id: 'salesforce', system: 'salesforce', baseUrl: sf.baseUrl, auth: { type: 'oauth_client_credentials', clientId: creds.clientId, clientSecretEnv: 'SF_SECRET' } }, clientSecret: creds.clientSecret, pollPageSize: 100 },
    { clock: createManualClock(), approvedBefore },
  );
}, 120_000);
afterAll(async () => {
  await connector?.close();
  await estate?.stop();
  server?.close();
});

/** The latest event per time entry (what the flows end up acting on). */
function latestByEntry(events: readonly CanonicalEvent[]): Map<string, CanonicalEvent> {
  const latest = new Map<string, CanonicalEvent>();
  for (const e of events) {
    const prev = latest.get(e.sourceId);
    if (!prev || prev.sourceVersion <= e.sourceVersion) latest.set(e.sourceId, e);
  }
  return latest;
}

function approvedHours(latest: Map<string, CanonicalEvent>): { entries: string[]; hours: string } {
  const approved = [...latest.values()].filter((e) => e.type === 'time.approved');
  return { entries: approved.map((e) => e.sourceId).sort(), hours: approved.reduce((t, e) => t.plus((e.data as any).hours), new Decimal(0)).toString() };
}

describe('a simulated firm month (firm simulator ground truth)', () => {
  it('poller and webhook handler both end with exactly the approved time of the ground truth', async () => {
    const expected = {
      entries: truth.approvedLines.map((l) => `${l.timecardId}:${l.workDate}`).sort(),
      hours: truth.approvedLines.reduce((t, l) => t.plus(l.hours), new Decimal(0)).toString(),
    };
    expect(expected.entries.length).toBeGreaterThan(100);

    const viaWebhook: CanonicalEvent[] = [];
    for (const body of deliveries) {
      const batch = await connector.webhookHandler.handle({ connection: 'salesforce', webhookId: 'wh', headers: {}, body });
      for (const e of batch.events as CanonicalEvent[]) if (e.type === 'time.approved') approvedSoFar.add(e.sourceId);
      viaWebhook.push(...(batch.events as CanonicalEvent[]));
    }
    expect(approvedHours(latestByEntry(viaWebhook))).toEqual(expected);

    const viaPoller: CanonicalEvent[] = [];
    let checkpoint: string | undefined;
    for (let pages = 0; pages < 100; pages += 1) {
      const page = await connector.pollers[0]!.pollPage(checkpoint);
      viaPoller.push(...(page.events as CanonicalEvent[]));
      checkpoint = page.nextCheckpoint;
      if (page.done) break;
    }
    expect(approvedHours(latestByEntry(viaPoller))).toEqual(expected);
    expect(viaPoller.every((e) => parseCanonicalEvent(e).ok)).toBe(true);
  }, 120_000);
});
