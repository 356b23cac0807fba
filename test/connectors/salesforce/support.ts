/* eslint-disable @typescript-eslint/no-explicit-any -- vendor JSON in test helpers */
import { createCallRecorder } from '../../../src/connectors/http/call-stats.js';
import { createSalesforceConnector, type SalesforceConnectorConfig, type SalesforceConnectorDeps } from '../../../src/connectors/salesforce/index.js';
import { createManualClock } from '../../../src/runtime/clock.js';
import { createSandboxClock } from '../../../src/sandboxes/kit/clock.js';
import { startSalesforceSandbox, type SalesforceSandboxOptions } from '../../../src/sandboxes/salesforce/sandbox.js';

/** The hub's OAuth client and a PSA user's app (whose writes are not echoes). */
export const HUB = { clientId: 'throughline-hub', clientSecret: 'hub-secret' };
export const PSA_USER = { clientId: 'psa-user-app', clientSecret: 'psa-secret' };

/** Starts the sandbox on a manual clock and returns a connector factory plus helpers writing as a PSA user. */
export async function startConnectorSandbox(options: SalesforceSandboxOptions = {}) {
  const start = '2026-03-02T09:00:00.000Z';
  const sandboxClock = createSandboxClock(start, 'manual');
  const sandbox = await startSalesforceSandbox({ clock: sandboxClock, clients: [HUB, PSA_USER], webhookRetryBaseMs: 1, ...options });
  const clock = createManualClock(start);
  const calls = createCallRecorder();
  const config = (overrides: Partial<SalesforceConnectorConfig> = {}): SalesforceConnectorConfig => ({
    connection: {
      id: 'salesforce',
      system: 'salesforce',
      baseUrl: sandbox.baseUrl,
      auth: { type: 'oauth_client_credentials', clientId: HUB.clientId, clientSecretEnv: 'SALESFORCE_CLIENT_SECRET' },
    },
    clientSecret: HUB.clientSecret,
    ...overrides,
  });
  const connector = (overrides: Partial<SalesforceConnectorConfig> = {}, deps: Partial<SalesforceConnectorDeps> = {}) =>
    createSalesforceConnector(config(overrides), { clock, calls, ...deps });

  let psaToken: string | undefined;
  /** REST call as the PSA user (`/services/data/v61.0/<path>`). */
  const psa = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    if (!psaToken) {
      const res = await fetch(`${sandbox.baseUrl}/services/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: PSA_USER.clientId, client_secret: PSA_USER.clientSecret }),
      });
      psaToken = ((await res.json()) as any).access_token;
    }
    const res = await fetch(`${sandbox.baseUrl}/services/data/v61.0/${path}`, {
      method,
      headers: { authorization: `Bearer ${psaToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const create = async (objectType: string, fields: Record<string, unknown>): Promise<string> => {
    const res = await psa('POST', `sobjects/${objectType}`, fields);
    if (res.status !== 201) throw new Error(`create ${objectType} failed: ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };
  const update = async (objectType: string, id: string, fields: Record<string, unknown>) => {
    const res = await psa('PATCH', `sobjects/${objectType}/${id}`, fields);
    if (res.status !== 204) throw new Error(`update ${objectType} failed: ${JSON.stringify(res.body)}`);
  };
  const admin = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const res = await fetch(`${sandbox.baseUrl}/__admin/${path}`, {
      method,
      ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  /** Requests the sandbox logged (method, path, status...). */
  const requests = async (): Promise<Array<{ method: string; path: string; status: number }>> => (await admin('GET', 'requests?since=0')).body.requests;

  /** A small firm: region, practice, client account, resource contact, project. */
  const seedFirm = async () => {
    const regionId = await create('pse__Region__c', { Name: 'Americas', CurrencyIsoCode: 'USD' });
    const practiceId = await create('pse__Practice__c', { Name: 'Advisory' });
    const accountId = await create('Account', {
      Name: 'Acme Industrial Inc.', Website: 'https://www.acme-industrial.com', BillingStreet: '1 Main St', BillingCity: 'Springfield',
      BillingState: 'IL', BillingPostalCode: '62701', BillingCountry: 'United States', Tax_Id__c: '12-3456789', CurrencyIsoCode: 'USD',
    });
    const firmAccountId = await create('Account', { Name: 'Throughline Consulting Inc.', Type: 'Other' });
    const contactId = await create('Contact', {
      FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@throughline.example', Title: 'Architect', AccountId: firmAccountId,
      pse__Is_Resource__c: true, pse__Is_Resource_Active__c: true, pse__Resource_Role__c: 'Architect', pse__Region__c: regionId,
      pse__Practice__c: practiceId, pse__Default_Cost_Rate__c: 118.75, CurrencyIsoCode: 'USD',
    });
    const projectId = await create('pse__Proj__c', {
      Name: 'Acme ERP Migration', pse__Account__c: accountId, pse__Region__c: regionId, pse__Practice__c: practiceId, pse__Stage__c: 'In Progress',
      pse__Start_Date__c: '2026-03-02', pse__End_Date__c: '2026-06-30', pse__Is_Active__c: true, pse__Is_Billable__c: true,
      Billing_Model__c: 'Time and Materials', pse__Project_ID__c: 'PRJ-0001', CurrencyIsoCode: 'USD',
    });
    return { regionId, practiceId, accountId, firmAccountId, contactId, projectId };
  };
  /** A timecard of the seeded resource on the seeded project (week of 2026-03-02), saved then moved to `status`. */
  const timecard = async (firm: { contactId: string; projectId: string }, hours: number[], status = 'Approved', extra: Record<string, unknown> = {}) => {
    const days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
    return create('pse__Timecard_Header__c', {
      pse__Resource__c: firm.contactId, pse__Project__c: firm.projectId, pse__Start_Date__c: '2026-03-02',
      ...Object.fromEntries(days.map((d, i) => [`pse__${d}_Hours__c`, hours[i] ?? 0])),
      pse__Status__c: status, pse__Billable__c: true, pse__Bill_Rate__c: 275, CurrencyIsoCode: 'USD', ...extra,
    });
  };
  return { sandbox, sandboxClock, clock, calls, config, connector, psa, create, update, admin, requests, seedFirm, timecard };
}

export type ConnectorSandbox = Awaited<ReturnType<typeof startConnectorSandbox>>;
