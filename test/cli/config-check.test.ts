import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runThroughline } from './run-throughline.js';

// Each spawn starts tsx from scratch (seconds on a loaded machine), hence the generous timeouts.
const SPAWN_TIMEOUT = 120_000;

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'throughline-config-check-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('throughline config check', () => {
  it('refuses an auth type that does not belong to the system (exit 2, path: reason), as serve does', { timeout: 3 * SPAWN_TIMEOUT }, async () => {
    await writeFile(
      path.join(workDir, 'wrong-auth.yaml'),
      [
        'connections:',
        '  - id: erp',
        '    system: netsuite',
        '    baseUrl: https://1234567.suitetalk.api.netsuite.com',
        '    auth: { type: oauth_client_credentials, clientId: abc, clientSecretEnv: NS_SECRET }',
        '  - id: crm',
        '    system: salesforce',
        '    baseUrl: https://acme.my.salesforce.com',
        '    auth: { type: netsuite_jwt, clientId: abc, certificateId: cert1, privateKeyEnv: SF_KEY }',
      ].join('\n'),
    );
    const env = { NS_SECRET: 's', SF_KEY: 'k', THROUGHLINE_DATA_DIR: path.join(workDir, 'data') };
    const problems = [
      'connections[0].auth.type: must be netsuite_jwt for a netsuite connection (got oauth_client_credentials)',
      'connections[1].auth.type: must be oauth_client_credentials for a salesforce connection (got netsuite_jwt)',
    ];
    const check = await runThroughline(['--config', 'wrong-auth.yaml', 'config', 'check'], { cwd: workDir, env });
    expect(check.stdout).not.toContain('Configuration OK');
    expect(check.status).toBe(2);
    expect(check.stderr).toContain('wrong-auth.yaml');
    for (const problem of problems) expect(check.stderr).toContain(`  ${problem}\n`);

    const serve = await runThroughline(['--config', 'wrong-auth.yaml', 'serve', '--no-pollers'], { cwd: workDir, env });
    expect(serve.status).toBe(2);
    for (const problem of problems) expect(serve.stderr).toContain(`  ${problem}\n`);
  });

  it('refuses a schedule for a poller the hub would not run, which serve refuses at start', { timeout: 2 * SPAWN_TIMEOUT }, async () => {
    await writeFile(
      path.join(workDir, 'unknown-poller.yaml'),
      [
        'connections:',
        '  - id: erp',
        '    system: netsuite',
        '    baseUrl: https://1234567.suitetalk.api.netsuite.com',
        '    auth: { type: netsuite_jwt, clientId: abc, certificateId: cert1, privateKeyEnv: NS_KEY }',
        'schedules:',
        '  - { poller: "erp:invoices", cron: "*/5 * * * *" }',
      ].join('\n'),
    );
    const check = await runThroughline(['--config', 'unknown-poller.yaml', 'config', 'check'], { cwd: workDir, env: { NS_KEY: 'k' } });
    expect(check.status).toBe(2);
    expect(check.stderr).toContain('  schedules[0].poller: the hub runs no poller "erp:invoices" (its pollers: none)\n');
  });
});
