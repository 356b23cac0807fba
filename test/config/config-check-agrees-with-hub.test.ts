import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerConfigCommand } from '../../src/cli/commands/config.js';
import { runCli } from '../../src/cli/run-cli.js';
import { isConfigError, type ThroughlineConfig } from '../../src/config/index.js';
import { createHub } from '../../src/main/hub.js';
import { silentLogger } from '../../src/observability/logger.js';
import type { ThroughlineDatabase } from '../../src/persistence/database.js';
import { pgliteEngine } from '../support/engines.js';

/**
 * `throughline config check` must refuse exactly what the hub (`serve`, `worker`: createHub)
 * refuses at start, with the same `path: reason` lines: each bad configuration below goes through
 * both. The hub is handed the configuration as it would be if loading had let it through.
 */

const authOf = {
  oauth_client_credentials: { type: 'oauth_client_credentials', clientId: 'c', clientSecretEnv: 'AGREE_CLIENT_SECRET' },
  netsuite_jwt: { type: 'netsuite_jwt', clientId: 'c', certificateId: 'k', privateKeyEnv: 'AGREE_PRIVATE_KEY' },
  anaplan_basic: { type: 'anaplan_basic', usernameEnv: 'AGREE_USERNAME', passwordEnv: 'AGREE_PASSWORD' },
  workday_refresh_token: { type: 'workday_refresh_token', clientId: 'c', clientSecretEnv: 'AGREE_CLIENT_SECRET', refreshTokenEnv: 'AGREE_REFRESH_TOKEN' },
} as const;
type AuthType = keyof typeof authOf;

const settingsOf: Record<string, Record<string, unknown> | undefined> = {
  workday: { tenant: 'acme' },
  anaplan: { workspaceId: 'ws', modelId: 'm', actualsFileId: '113000000000', actualsImportId: '112000000000' },
};
const authTypeOf: Record<string, AuthType> = {
  salesforce: 'oauth_client_credentials', certinia: 'oauth_client_credentials', kantata: 'oauth_client_credentials', dynamics: 'oauth_client_credentials',
  netsuite: 'netsuite_jwt', workday: 'workday_refresh_token', anaplan: 'anaplan_basic',
};

const connection = (id: string, system: string, auth: AuthType = authTypeOf[system]!) => ({
  id, system, baseUrl: 'http://127.0.0.1:9', auth: authOf[auth], ...(settingsOf[system] ? { settings: settingsOf[system] } : {}),
});

/** Every system once, with its own auth type and settings; the CRM takes webhooks. */
const valid = [
  { ...connection('crm', 'salesforce'), webhookSecretEnv: 'AGREE_WEBHOOK_SECRET' },
  connection('psa', 'certinia'),
  connection('erp', 'netsuite'),
  connection('hr', 'workday'),
  connection('plan', 'anaplan'),
  connection('pm', 'kantata'),
  connection('bc', 'dynamics'),
];
const allSecrets = {
  AGREE_CLIENT_SECRET: 's', AGREE_PRIVATE_KEY: 'k', AGREE_USERNAME: 'u', AGREE_PASSWORD: 'p', AGREE_REFRESH_TOKEN: 'r',
  AGREE_WEBHOOK_SECRET: `whsec_${Buffer.from('agree-webhook-secret-0123456789').toString('base64')}`,
};

interface Case {
  name: string;
  connections: unknown[];
  schedules?: unknown[];
  env?: Record<string, string | undefined>;
}

const cases: Case[] = [];
// Every auth type on every system it does not belong to.
for (const system of Object.keys(authTypeOf)) {
  for (const auth of Object.keys(authOf) as AuthType[]) {
    if (auth === authTypeOf[system]) continue;
    cases.push({ name: `a ${system} connection with ${auth}`, connections: [connection('x', system, auth)] });
  }
}
// Every secret variable unset, one at a time (an empty value counts as unset).
for (const [variable] of Object.entries(allSecrets)) {
  cases.push({ name: `${variable} not set`, connections: valid, env: { [variable]: undefined } });
  cases.push({ name: `${variable} empty`, connections: valid, env: { [variable]: '' } });
}
// Per-system settings.
cases.push({ name: 'a workday connection without settings', connections: [{ ...connection('hr', 'workday'), settings: undefined }] });
cases.push({ name: 'a workday connection without its tenant', connections: [{ ...connection('hr', 'workday'), settings: { pageSize: 10 } }] });
cases.push({ name: 'an anaplan connection without its model', connections: [{ ...connection('plan', 'anaplan'), settings: { workspaceId: 'ws', actualsFileId: 'f', actualsImportId: 'i' } }] });
// Poller schedules naming pollers the hub does not run.
const everyMinute = (poller: string) => ({ poller, cron: '* * * * *', timezone: 'UTC' });
cases.push({ name: 'a schedule for a poller the netsuite connection does not have', connections: valid, schedules: [everyMinute('erp:invoices')] });
cases.push({ name: 'a workday poller on the salesforce connection', connections: valid, schedules: [everyMinute('crm:workday:worker-delta')] });
cases.push({ name: 'the timecard poller of the second PSA connection (the hub polls the first)', connections: valid, schedules: [everyMinute('psa:timecards')] });
cases.push({ name: 'a timecard poller of a kantata connection', connections: valid, schedules: [everyMinute('pm:timecards')] });
cases.push({ name: 'a poller of a connection that is not configured', connections: valid, schedules: [everyMinute('nobody:timecards')] });
cases.push({ name: 'pollers when no connection runs any', connections: [connection('erp', 'netsuite')], schedules: [everyMinute('erp:timecards')] });

describe('config check refuses what the hub refuses at start, with the same path: reason lines', () => {
  let store: ThroughlineDatabase;
  let dir: string;
  beforeAll(async () => {
    store = await pgliteEngine.open();
    dir = await mkdtemp(path.join(tmpdir(), 'throughline-agree-'));
  });
  afterAll(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  /** `config check` in-process, as the CLI runs it: exit status and the `path: reason` lines. */
  const configCheck = async (data: Record<string, unknown>, env: Record<string, string | undefined>) => {
    const file = path.join(dir, 'throughline.json.yaml');
    await writeFile(file, JSON.stringify(data)); // JSON is YAML
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    let stderr = '';
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const status = await runCli(['node', 'throughline', '--config', file, 'config', 'check'], [registerConfigCommand], { stderr: (text) => (stderr += text) });
      return { status, problems: stderr.split('\n').filter((line) => line.startsWith('  ')).map((line) => line.trim()) };
    } finally {
      write.mockRestore();
      vi.unstubAllEnvs();
    }
  };

  /** The hub built from the same configuration (defaults filled in, nothing else checked first). */
  const hubStart = async (data: { connections: unknown[]; schedules?: unknown[] }, env: Record<string, string | undefined>) => {
    const config = {
      database: {}, server: { host: '127.0.0.1', port: 0 }, logging: { level: 'silent' }, policies: {}, schedules: [], sinks: [], ...data,
    } as unknown as ThroughlineConfig;
    try {
      const hub = await createHub({ config, store, env, logger: silentLogger() });
      await hub.stop();
      return { refused: false as const, problems: [] as readonly string[] };
    } catch (error) {
      return { refused: true as const, configError: isConfigError(error), problems: isConfigError(error) ? error.problems : [String(error)] };
    }
  };

  it('accepts the same valid configuration (every system, its own auth and settings)', async () => {
    const data = { connections: valid, schedules: [everyMinute('crm:timecards'), everyMinute('hr:workday:worker-delta')] };
    expect(await configCheck(data, allSecrets)).toEqual({ status: 0, problems: [] });
    expect(await hubStart(data, allSecrets)).toEqual({ refused: false, problems: [] });
  });

  it.each(cases)('$name', async ({ connections, schedules, env }) => {
    const data = { connections, ...(schedules ? { schedules } : {}) };
    const environment = { ...allSecrets, ...env };
    const hub = await hubStart(data, environment);
    const check = await configCheck(data, environment);
    // The hub refuses it at start, as a configuration error (CLI exit status 2) ...
    expect(hub).toMatchObject({ refused: true, configError: true });
    // ... and config check reports exactly the same problems.
    expect(check).toEqual({ status: 2, problems: hub.problems });
    expect(check.problems.every((line) => /^[\w[\].]+: \S/.test(line))).toBe(true);
  });
});
