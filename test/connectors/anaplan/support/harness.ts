import { createCallRecorder, type CallRecorder } from '../../../../src/connectors/http/call-stats.js';
import { createAnaplanConnector, type AnaplanConnector, type AnaplanConnectorConfig } from '../../../../src/connectors/anaplan/index.js';
import type { Clock } from '../../../../src/runtime/clock.js';
import { startAnaplanSandbox, type AnaplanSandboxOptions, type RunningAnaplanSandbox } from '../../../../src/sandboxes/anaplan/anaplan-sandbox.js';
import { createSandboxClock, type SandboxClock } from '../../../../src/sandboxes/kit/clock.js';

/** The hub's clock reading the sandbox's manual clock; a sleep moves both (time-skipping). */
export function sharedClock(sandboxClock: SandboxClock): Clock {
  return {
    now: () => sandboxClock.now(),
    async sleep(ms) {
      sandboxClock.advance(ms);
    },
  };
}

/** An Anaplan sandbox on a manual clock and connectors pointed at it. */
export interface AnaplanHarness {
  sandbox: RunningAnaplanSandbox;
  clock: SandboxClock;
  calls: CallRecorder;
  config: AnaplanConnectorConfig;
  connector: AnaplanConnector;
  connect(overrides?: Partial<AnaplanConnectorConfig>): AnaplanConnector;
  requestLog(): Promise<Array<{ method: string; path: string; status: number }>>;
  /** The Actuals module's cells (admin API). */
  cells(project?: string): Promise<Array<{ lineItem: string; project: string; month: string; currency: string; value: string }>>;
  stop(): Promise<void>;
}

/** Starts the sandbox (manual clock) and one connector with fast task polling. */
export async function startAnaplanHarness(options: AnaplanSandboxOptions & { config?: Partial<AnaplanConnectorConfig> } = {}): Promise<AnaplanHarness> {
  const clock = createSandboxClock('2026-02-02T08:00:00Z', 'manual');
  const sandbox = await startAnaplanSandbox({ seed: 1, ...options, clock });
  const calls = createCallRecorder();
  const c = sandbox.credentials;
  const config: AnaplanConnectorConfig = {
    connection: { id: 'anaplan', system: 'anaplan', baseUrl: sandbox.baseUrl, auth: { type: 'anaplan_basic', usernameEnv: 'ANAPLAN_USER', passwordEnv: 'ANAPLAN_PASSWORD' } },
    authUrl: c.authUrl!,
    username: c.user!,
    password: c.password!,
    workspaceId: c.workspaceId!,
    modelId: c.modelId!,
    actuals: { fileId: c.fileId!, importId: c.importId! },
    taskPolling: { initialDelayMs: 500, maxDelayMs: 2_000, deadlineMs: 60_000 },
    ...options.config,
  };
  const opened: AnaplanConnector[] = [];
  const connect = (overrides: Partial<AnaplanConnectorConfig> = {}) => {
    const connector = createAnaplanConnector({ ...config, ...overrides }, { clock: sharedClock(clock), calls });
    opened.push(connector);
    return connector;
  };
  const connector = connect();
  return {
    sandbox, clock, calls, config, connector, connect,
    async requestLog() {
      const body = (await (await fetch(`${sandbox.adminUrl}/requests`)).json()) as { requests?: unknown[] };
      return (body.requests ?? []) as Array<{ method: string; path: string; status: number }>;
    },
    async cells(project) {
      const response = await fetch(`${sandbox.adminUrl}/cells${project ? `?project=${encodeURIComponent(project)}` : ''}`);
      const body = (await response.json()) as { cells?: unknown[] } | unknown[];
      return (Array.isArray(body) ? body : (body.cells ?? [])) as Array<{ lineItem: string; project: string; month: string; currency: string; value: string }>;
    },
    async stop() {
      await Promise.all(opened.map((x) => x.close()));
      await sandbox.stop();
    },
  };
}
