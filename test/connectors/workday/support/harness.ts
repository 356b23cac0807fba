import { createIdFactory } from '../../../../src/canonical/ids.js';
import { createCallRecorder, type CallRecorder } from '../../../../src/connectors/http/call-stats.js';
import { createWorkdayConnector, type WorkdayConnector, type WorkdayConnectorConfig } from '../../../../src/connectors/workday/index.js';
import type { Clock } from '../../../../src/runtime/clock.js';
import { createSandboxClock, type SandboxClock } from '../../../../src/sandboxes/kit/clock.js';
import { startWorkdaySandbox, type RunningWorkdaySandbox, type WorkdaySandboxOptions } from '../../../../src/sandboxes/workday/workday-sandbox.js';

/** The hub's clock reading the sandbox's manual clock; a sleep moves both (time-skipping). */
export function sharedClock(sandboxClock: SandboxClock): Clock {
  return {
    now: () => sandboxClock.now(),
    async sleep(ms) {
      sandboxClock.advance(ms);
    },
  };
}

/** A Workday sandbox on a manual clock and connectors pointed at it. */
export interface WorkdayHarness {
  sandbox: RunningWorkdaySandbox;
  clock: SandboxClock;
  calls: CallRecorder;
  config: WorkdayConnectorConfig;
  connector: WorkdayConnector;
  /** Another connector (a restarted process) on the same sandbox. */
  connect(overrides?: Partial<WorkdayConnectorConfig>): WorkdayConnector;
  /** POST to the HR admin API (`/__admin/...`). */
  admin(path: string, body: unknown): Promise<{ status: number; body: unknown }>;
  /** Sets the sandbox's injected faults. */
  faults(rules: unknown[]): Promise<void>;
  requestLog(): Promise<Array<{ method: string; path: string; status: number }>>;
  stop(): Promise<void>;
}

/** Starts the sandbox (manual clock at 2026-01-05 09:00 UTC) and one connector. */
export async function startWorkdayHarness(options: WorkdaySandboxOptions & { config?: Partial<WorkdayConnectorConfig> } = {}): Promise<WorkdayHarness> {
  const clock = createSandboxClock('2026-01-05T09:00:00Z', 'manual');
  const sandbox = await startWorkdaySandbox({ ...options, clock });
  const calls = createCallRecorder();
  const config: WorkdayConnectorConfig = {
    connection: {
      id: 'workday',
      system: 'workday',
      baseUrl: sandbox.baseUrl,
      auth: { type: 'workday_refresh_token', clientId: sandbox.credentials.clientId!, clientSecretEnv: 'WORKDAY_CLIENT_SECRET', refreshTokenEnv: 'WORKDAY_REFRESH_TOKEN' },
    },
    tenant: sandbox.credentials.tenant!,
    clientSecret: sandbox.credentials.clientSecret!,
    refreshToken: sandbox.credentials.refreshToken!,
    ...options.config,
  };
  const opened: WorkdayConnector[] = [];
  let seq = 0;
  const connect = (overrides: Partial<WorkdayConnectorConfig> = {}) => {
    const connector = createWorkdayConnector({ ...config, ...overrides }, {
      clock: sharedClock(clock),
      calls,
      idFactory: createIdFactory({ now: () => clock.now().getTime() + seq++ }),
    });
    opened.push(connector);
    return connector;
  };
  const connector = connect();
  const json = async (path: string, init: RequestInit) => {
    const response = await fetch(`${sandbox.adminUrl}${path}`, { ...init, headers: { 'content-type': 'application/json' } });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as unknown };
  };
  return {
    sandbox, clock, calls, config, connector, connect,
    admin: (path, body) => json(path, { method: 'POST', body: JSON.stringify(body) }),
    async faults(rules) {
      const result = await json('/faults', { method: 'PUT', body: JSON.stringify({ rules }) });
      if (result.status >= 300) throw new Error(`faults: ${result.status} ${JSON.stringify(result.body)}`);
    },
    async requestLog() {
      const result = await json('/requests', { method: 'GET' });
      const body = result.body as { requests?: unknown[] };
      return (body.requests ?? []) as Array<{ method: string; path: string; status: number }>;
    },
    async stop() {
      await Promise.all(opened.map((c) => c.close()));
      await sandbox.stop();
    },
  };
}

/** A hire for the HR admin API. */
export function hire(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    firstName: 'Ada', lastName: 'Byrne', email: 'ada.byrne@throughline.example', businessTitle: 'Consultant', jobProfile: 'Consultant',
    costCenter: 'Delivery UK', company: { id: 'UK01', name: 'Throughline Consulting Ltd' }, location: 'London', region: 'EMEA',
    compensation: { basis: 'annual', amount: '62400.00', currency: 'GBP' }, hireDate: '2026-02-16', ...overrides,
  };
}
