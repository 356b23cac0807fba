import type { Client } from '../../../../src/canonical/entities/client.js';
import type { Engagement } from '../../../../src/canonical/entities/engagement.js';
import type { Worker } from '../../../../src/canonical/entities/worker.js';
import { createIdFactory } from '../../../../src/canonical/ids.js';
import type { ConnectionConfig } from '../../../../src/config/connection-schema.js';
import { createCallRecorder, type CallRecorder } from '../../../../src/connectors/http/call-stats.js';
import { createNetSuiteConnector, type NetSuiteConnector, type NetSuiteConnectorConfig } from '../../../../src/connectors/netsuite/index.js';
import { systemClock, type Clock } from '../../../../src/runtime/clock.js';
import type { Governor } from '../../../../src/runtime/governor/create-governor.js';
import { createSandboxClock, type SandboxClock } from '../../../../src/sandboxes/kit/clock.js';
import { startNetSuiteSandbox, type NetSuiteSandboxOptions, type RunningNetSuiteSandbox } from '../../../../src/sandboxes/netsuite/netsuite-sandbox.js';

/** A running sandbox and a connector pointed at it. */
export interface ConnectorHarness {
  sandbox: RunningNetSuiteSandbox;
  sandboxClock: SandboxClock;
  connector: NetSuiteConnector;
  calls: CallRecorder;
  config: NetSuiteConnectorConfig;
  /** Another connector on the same sandbox (e.g. with other options). */
  connect(overrides?: Partial<NetSuiteConnectorConfig>, deps?: { clock?: Clock; governor?: Governor }): NetSuiteConnector;
  /** Sandbox request log entries (admin API). */
  requestLog(): Promise<Array<{ method: string; path: string; status: number; faultInjected?: string }>>;
  stop(): Promise<void>;
}

/** The connection entry for a sandbox (auth netsuite_jwt with the generated integration). */
export function connectionFor(sandbox: RunningNetSuiteSandbox): ConnectionConfig {
  return {
    id: 'netsuite',
    system: 'netsuite',
    baseUrl: sandbox.baseUrl,
    auth: { type: 'netsuite_jwt', clientId: sandbox.credentials.clientId!, certificateId: sandbox.credentials.certificateId!, privateKeyEnv: 'NETSUITE_PRIVATE_KEY' },
    limits: { netsuiteTier: 'standard' },
  };
}

/** Starts a sandbox (wall clock unless given) and a connector with fast job polling. */
export async function startConnectorHarness(
  options: NetSuiteSandboxOptions & { config?: Partial<NetSuiteConnectorConfig>; clock?: SandboxClock; hubClock?: Clock; governor?: Governor } = {},
): Promise<ConnectorHarness> {
  const sandboxClock = options.clock ?? createSandboxClock('2026-03-15T12:00:00Z');
  const sandbox = await startNetSuiteSandbox({ ...options, clock: sandboxClock });
  const calls = createCallRecorder();
  const config: NetSuiteConnectorConfig = {
    connection: connectionFor(sandbox),
    privateKeyPem: sandbox.credentials.privateKeyPem!,
    jobPolling: { initialDelayMs: 5, maxDelayMs: 50, deadlineMs: 20_000 },
    ...options.config,
  };
  const opened: NetSuiteConnector[] = [];
  const connect: ConnectorHarness['connect'] = (overrides = {}, deps = {}) => {
    const connector = createNetSuiteConnector({ ...config, ...overrides }, { clock: deps.clock ?? options.hubClock ?? systemClock, governor: deps.governor ?? options.governor, calls });
    opened.push(connector);
    return connector;
  };
  const connector = connect();
  return {
    sandbox,
    sandboxClock,
    connector,
    calls,
    config,
    connect,
    async requestLog() {
      const response = await fetch(`${sandbox.adminUrl}/requests`);
      const body = (await response.json()) as { requests?: unknown[] } | unknown[];
      return (Array.isArray(body) ? body : (body.requests ?? [])) as Array<{ method: string; path: string; status: number; faultInjected?: string }>;
    },
    async stop() {
      await Promise.all(opened.map((c) => c.close()));
      await sandbox.stop();
    },
  };
}

const ids = createIdFactory({ now: () => Date.parse('2026-03-01T00:00:00Z'), random: seeded(7) });

/** A canonical client for upserts. */
export function sampleClient(name = 'Acme Industrial'): Client & { id: string } {
  return { id: ids.next('client'), systemRefs: [], name, currency: 'USD', status: 'active' };
}

/** A canonical worker in the US entity (by currency hint) for upserts. */
export function sampleWorker(employeeId = 'E-1001', displayName = 'Ada Lovelace'): Worker & { id: string } {
  return {
    id: ids.next('worker'), systemRefs: [], employeeId, displayName, role: 'Consultant', employeeClass: 'employee',
    costRate: { amount: '80.00', currency: 'USD' }, homeLegalEntityRef: { refs: [{ system: 'workday', connection: 'workday', objectType: 'Company', id: 'US01' }] },
    region: 'Americas', activeFrom: '2025-01-01', status: 'active',
  };
}

/** A canonical engagement for upserts. */
export function sampleEngagement(projectCode = 'PRJ-001'): Engagement & { id: string } {
  return {
    id: ids.next('engagement'), systemRefs: [], projectCode, name: `Project ${projectCode}`,
    clientRef: { refs: [{ system: 'salesforce', connection: 'salesforce', objectType: 'Account', id: '001A' }] },
    billingModel: 'time_and_materials', currency: 'USD', practice: 'Advisory', region: 'Americas',
    legalEntityRef: { refs: [{ system: 'salesforce', connection: 'salesforce', objectType: 'pse__Region__c', id: 'a0R1' }] },
    startDate: '2026-01-05', status: 'active', closedForTime: false, closedForExpense: false, tasks: [],
  };
}

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
