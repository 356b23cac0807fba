import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, isConfigError, loadConfig, parseConfigText } from '../../src/config/index.js';

/** The `path: reason` lines of the ConfigError `fn` throws (fails the test if it does not throw one). */
function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    if (isConfigError(error)) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const netsuite = (overrides = '') => `  - id: erp
    system: netsuite
    baseUrl: https://1234567.suitetalk.api.netsuite.com
    auth: { type: netsuite_jwt, clientId: abc, certificateId: cert-1, privateKeyEnv: NS_KEY }
${overrides}`;

describe('parseConfigText', () => {
  it('an empty document means all defaults', () => {
    const config = parseConfigText('', { env: {} });
    expect(config.server).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(config.logging.level).toBe('info');
    expect(config.connections).toEqual([]);
    expect(config.schedules).toEqual([]);
    expect(config.policies).toEqual({});
    expect(config.database.dataDir).toBeUndefined();
  });

  it('accepts every auth type and keeps the fields', () => {
    const text = `connections:
  - id: crm
    system: salesforce
    baseUrl: https://acme.my.salesforce.com
    apiVersion: v62.0
    webhookSecretEnv: SF_HOOK
    auth: { type: oauth_client_credentials, clientId: c1, clientSecretEnv: SF_SECRET, tokenUrl: https://login.salesforce.com/services/oauth2/token }
    limits: { requestsPerSecond: 20, concurrency: 4 }
${netsuite('    limits: { netsuiteTier: premium, suiteCloudPlusLicenses: 1 }')}
  - id: plan
    system: anaplan
    baseUrl: https://api.anaplan.com
    auth: { type: anaplan_basic, usernameEnv: AP_USER, passwordEnv: AP_PASS }
    settings: { workspaceId: ws1, modelId: m1, actualsFileId: "113000000001", actualsImportId: "112000000001" }
  - id: hr
    system: workday
    baseUrl: https://wd2-impl-services1.workday.com
    auth: { type: workday_refresh_token, clientId: w1, clientSecretEnv: WD_SECRET, refreshTokenEnv: WD_REFRESH }
    settings: { tenant: acme, pageSize: 200 }
schedules:
  - { name: nightly-reconcile, cron: "0 2 * * *", job: reconcile, timezone: Europe/London }
policies:
  postingPolicy: { mode: summarized }
`;
    const env = { SF_HOOK: 'h', SF_SECRET: 's', NS_KEY: 'k', AP_USER: 'u', AP_PASS: 'p', WD_SECRET: 'w', WD_REFRESH: 'r' };
    const config = parseConfigText(text, { env });
    expect(config.connections.map((c) => c.auth.type)).toEqual([
      'oauth_client_credentials',
      'netsuite_jwt',
      'anaplan_basic',
      'workday_refresh_token',
    ]);
    expect(config.connections[1]?.limits).toEqual({ netsuiteTier: 'premium', suiteCloudPlusLicenses: 1 });
    expect(config.connections[2]?.settings).toEqual({ workspaceId: 'ws1', modelId: 'm1', actualsFileId: '113000000001', actualsImportId: '112000000001' });
    expect(config.connections[3]?.settings).toEqual({ tenant: 'acme', pageSize: 200 });
    expect(config.schedules[0]).toMatchObject({ name: 'nightly-reconcile', cron: '0 2 * * *', timezone: 'Europe/London' });
    expect(config.policies).toEqual({ postingPolicy: { mode: 'summarized' } });
  });

  it('names the path and reason of each wrong field', () => {
    const text = `connections:
  - id: crm
    system: salesforce
    baseUrl: https://acme.my.salesforce.com
    auth: { type: oauth_client_credentials, clientId: c1, clientSecretEnv: SF_SECRET }
  - id: Not_A_Slug
    system: oracle
    baseUrl: https://x.example.com
    auth: { type: magic_link }
  - id: erp
    system: netsuite
    baseUrl: /services/rest
    auth: { type: netsuite_jwt, clientId: abc, privateKeyEnv: NS_KEY }
    limits: { netsuiteTier: gold, concurrency: 0, burst: 3 }
server: { port: 70000 }
databse: {}
schedules:
  - { name: nightly, cron: "61 * * * *", job: reconcile }
`;
    expect(problemsOf(() => parseConfigText(text, { env: {} }))).toEqual([
      'server.port: must be at most 65535',
      'connections[1].id: must be a slug (lowercase letters, digits and single hyphens)',
      'connections[1].system: must be one of salesforce, certinia, netsuite, workday, anaplan, kantata, dynamics',
      'connections[1].auth.type: must be one of oauth_client_credentials, netsuite_jwt, anaplan_basic, workday_refresh_token',
      'connections[2].baseUrl: must be an absolute URL',
      'connections[2].auth.certificateId: is required',
      'connections[2].limits.netsuiteTier: must be one of standard, premium, enterprise, ultimate',
      'connections[2].limits.concurrency: must be at least 1',
      'connections[2].limits.burst: unknown field',
      expect.stringMatching(/^schedules\[0\]\.cron: is not a valid cron expression/),
      'databse: unknown field',
    ]);
  });

  it('reads poller schedules by poller id; a bad cron, time zone or target is reported with its path', () => {
    const crm = `connections:
  - id: crm
    system: salesforce
    baseUrl: https://acme.my.salesforce.com
    auth: { type: oauth_client_credentials, clientId: c1, clientSecretEnv: SF_SECRET }
`;
    const good = parseConfigText(`${crm}schedules:
  - poller: crm:timecards
    cron: "*/5 * * * *"
    timezone: Europe/London
  - { name: nightly, cron: "0 2 * * *", job: reconcile }
`, { env: { SF_SECRET: 's' } });
    expect(good.schedules).toEqual([
      { poller: 'crm:timecards', cron: '*/5 * * * *', timezone: 'Europe/London' },
      { name: 'nightly', cron: '0 2 * * *', timezone: 'UTC', job: 'reconcile' },
    ]);
    const bad = `${crm}schedules:
  - { poller: crm:timecards, cron: "*/5 * * *  * * *" }
  - { poller: crm:timecards, cron: "* * * * *", timezone: Europe/Atlantis }
  - { poller: hr:workday:worker-delta, cron: "* * * * *" }
  - { poller: timecards, cron: "* * * * *" }
  - { poller: crm:other, name: other, cron: "* * * * *", job: reconcile }
  - { cron: "* * * * *" }
`;
    expect(problemsOf(() => parseConfigText(bad, { env: { SF_SECRET: 's' } }))).toEqual([
      expect.stringMatching(/^schedules\[0\]\.cron: is not a valid cron expression \(.+\)$/),
      'schedules[1].timezone: must be an IANA time zone (e.g. UTC, Europe/London)',
      'schedules[3].poller: must be a poller id (<connection id>:<source>, e.g. crm:timecards)',
      'schedules[4].job: cannot be combined with poller (a schedule runs a poller or a job)',
      'schedules[4].name: is not used by a poller schedule (it is named after its poller)',
      'schedules[5].job: is required (or poller: <poller id>)',
      'schedules[5].name: is required',
      'schedules[1].poller: duplicate poller "crm:timecards" (already used by schedules[0])',
      'schedules[2].poller: names connection "hr", which is not configured',
      'schedules[4].poller: the hub runs no poller "crm:other" (its pollers: crm:timecards)',
    ]);
  });

  it('rejects a duplicate connection id, pointing at the second one', () => {
    const text = `connections:\n${netsuite()}${netsuite()}`;
    expect(problemsOf(() => parseConfigText(text, { env: { NS_KEY: 'k' } }))).toEqual([
      'connections[1].id: duplicate id "erp" (already used by connections[0])',
    ]);
  });

  it('reports a referenced secret variable that is not set, by path and name', () => {
    const text = `connections:
  - id: crm
    system: certinia
    baseUrl: https://acme.my.salesforce.com
    auth: { type: oauth_client_credentials, clientId: c1, clientSecretEnv: NS_SECRET }
`;
    expect(problemsOf(() => parseConfigText(text, { env: {} }))).toEqual([
      'connections[0].auth.clientSecretEnv: environment variable NS_SECRET is not set',
    ]);
    expect(problemsOf(() => parseConfigText(text, { env: { NS_SECRET: '' } }))).toHaveLength(1);
    expect(parseConfigText(text, { env: { NS_SECRET: 's3cret' } }).connections).toHaveLength(1);
    expect(parseConfigText(text, { env: {}, checkSecrets: false }).connections).toHaveLength(1);
  });

  it('reports YAML syntax errors with their line', () => {
    const [problem] = problemsOf(() => parseConfigText('server:\n  port: 1\n  port: 2\n', { env: {} }));
    expect(problem).toMatch(/^invalid YAML: .*unique.*line 3/);
  });

  it('a ConfigError message names the file and every problem', () => {
    const error = new ConfigError('/etc/throughline.yaml', ['a: is required', 'b: unknown field']);
    expect(error.message).toContain('/etc/throughline.yaml');
    expect(error.message).toContain('a: is required');
    expect(error.message).toContain('b: unknown field');
  });
});

describe('sinks', () => {
  it('accepts a signed webhook sink with the event types it receives, defaulting to none configured', () => {
    expect(parseConfigText('', { env: {} }).sinks).toEqual([]);
    const text = 'sinks:\n  - { name: finance-feed, type: webhook, url: "https://hooks.example.com/tl", secretEnv: FEED_SECRET, events: [time.posted] }\n';
    expect(parseConfigText(text, { env: { FEED_SECRET: 'whsec_x' } }).sinks).toEqual([
      { name: 'finance-feed', type: 'webhook', url: 'https://hooks.example.com/tl', secretEnv: 'FEED_SECRET', events: ['time.posted'] },
    ]);
  });

  it('names each problem of a sink with its path: unknown event type or sink type, duplicate name, unset secret', () => {
    const problems = (text: string) => {
      try {
        parseConfigText(text, { env: { FEED_SECRET: 'whsec_x' } });
      } catch (error) {
        return (error as ConfigError).problems;
      }
      return [];
    };
    const sink = (extra: string) => `  - { name: feed, type: webhook, url: "https://h.example.com", secretEnv: FEED_SECRET${extra} }\n`;
    expect(problems(`sinks:\n${sink(', events: [time.postd]')}`)).toEqual(['sinks[0].events[0]: is not a canonical event type: time.postd']);
    expect(problems(`sinks:\n${sink('')}${sink('')}`)).toEqual(['sinks[1].name: duplicate name "feed" (already used by sinks[0])']);
    expect(problems('sinks:\n  - { name: feed, type: nats, url: "https://h.example.com", secretEnv: FEED_SECRET }\n')).toEqual(['sinks[0].type: must be one of webhook']);
    expect(problems(`sinks:\n${sink('').replace('FEED_SECRET', 'OTHER_SECRET')}`)).toEqual(['sinks[0].secretEnv: environment variable OTHER_SECRET is not set']);
  });
});

describe('loadConfig', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'throughline-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('uses defaults when throughline.yaml is absent and no --config was given', async () => {
    const loaded = await loadConfig({ cwd: dir, env: {} });
    expect(loaded.file).toBeUndefined();
    expect(loaded.config.server.port).toBe(8080);
  });

  it('fails when the file named by --config is missing', async () => {
    await expect(loadConfig({ cwd: dir, path: 'absent.yaml', env: {} })).rejects.toMatchObject({
      name: 'ConfigError',
      file: path.join(dir, 'absent.yaml'),
      problems: ['config file not found'],
    });
  });

  it('reads throughline.yaml from the working directory and resolves dataDir against its folder', async () => {
    await writeFile(path.join(dir, 'throughline.yaml'), 'database:\n  dataDir: ./state\n  poolSize: 4\nlogging:\n  level: debug\n');
    const loaded = await loadConfig({ cwd: dir, env: {} });
    expect(loaded.file).toBe(path.join(dir, 'throughline.yaml'));
    expect(loaded.config.database).toEqual({ dataDir: path.join(dir, 'state'), poolSize: 4 });
    expect(loaded.config.logging.level).toBe('debug');
  });
});
