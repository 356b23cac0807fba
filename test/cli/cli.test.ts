import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFreshPostgres, testDatabaseUrl } from '../support/engines.js';
import { runThroughline } from './run-throughline.js';

// Each spawn starts tsx from scratch (seconds on a loaded machine), hence the generous timeouts.
const SPAWN_TIMEOUT = 120_000;

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'throughline-cli-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('throughline CLI', () => {
  it('--help lists the commands and the global options', { timeout: SPAWN_TIMEOUT }, async () => {
    const result = await runThroughline(['--help'], { cwd: workDir });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Usage: throughline/);
    expect(result.stdout).toMatch(/\bmigrate\b/);
    expect(result.stdout).toMatch(/--config <path>/);
  });

  it('--version prints the version from package.json', { timeout: SPAWN_TIMEOUT }, async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const result = await runThroughline(['--version'], { cwd: workDir });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(pkg.version);
  });

  it('an unknown command exits non-zero, names it and suggests the closest one', { timeout: SPAWN_TIMEOUT }, async () => {
    const result = await runThroughline(['migrat'], { cwd: workDir });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/unknown command 'migrat'/);
    expect(result.stderr).toMatch(/Did you mean migrate\?/);
  });

  it('a bad flag exits non-zero with a helpful message', { timeout: SPAWN_TIMEOUT }, async () => {
    const result = await runThroughline(['migrate', '--no-such-flag'], { cwd: workDir });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/unknown option '--no-such-flag'/);
    expect(result.stderr).toMatch(/throughline --help/);
  });

  it('a config with a wrong field exits 2 naming the file, the field path and the reason', { timeout: SPAWN_TIMEOUT }, async () => {
    const file = path.join(workDir, 'bad.yaml');
    await writeFile(
      file,
      [
        'connections:',
        '  - id: crm',
        '    system: salesforce',
        '    baseUrl: https://acme.my.salesforce.com',
        '    auth: { type: oauth_client_credentials, clientId: abc, clientSecretEnv: SF_SECRET }',
        '  - id: erp',
        '    system: netsuite',
        '    baseUrl: suitetalk.api.netsuite.com',
        '    auth: { type: netsuite_jwt, clientId: abc, certificateId: cert1, privateKeyEnv: NS_KEY }',
      ].join('\n'),
    );
    const result = await runThroughline(['--config', 'bad.yaml', 'migrate'], { cwd: workDir });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('bad.yaml');
    expect(result.stderr).toContain('connections[1].baseUrl: must be an absolute URL');
    expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace without --verbose
  });

  it('a --config file that does not exist exits 2', { timeout: SPAWN_TIMEOUT }, async () => {
    const result = await runThroughline(['--config', 'nowhere.yaml', 'migrate'], { cwd: workDir });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/nowhere\.yaml[\s\S]*config file not found/);
  });

  it('migrate creates the PGlite store under .throughline/ by default; a second run says it is up to date', { timeout: 2 * SPAWN_TIMEOUT }, async () => {
    const dir = await mkdtemp(path.join(workDir, 'migrate-'));
    const first = await runThroughline(['migrate', '--json'], { cwd: dir });
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const report = JSON.parse(first.stdout) as { engine: string; location: string; applied: string[]; alreadyApplied: number };
    expect(report.engine).toBe('pglite');
    expect(report.location).toBe(path.join(dir, '.throughline', 'data'));
    expect(existsSync(path.join(dir, '.throughline', 'data', 'PG_VERSION'))).toBe(true);
    expect(report.applied).toContain('0001_event_log');
    expect(report.alreadyApplied).toBe(0);

    const second = await runThroughline(['migrate'], { cwd: dir });
    expect(second.status).toBe(0);
    expect(second.stdout).toContain(`Schema is up to date (${report.applied.length} migrations already applied)`);
  });

  it.skipIf(!testDatabaseUrl)('migrate with DATABASE_URL applies the schema to PostgreSQL, then is a no-op', { timeout: 2 * SPAWN_TIMEOUT }, async () => {
    const target = await openFreshPostgres({ migrate: false });
    try {
      const env = { DATABASE_URL: target.url };
      const first = await runThroughline(['migrate', '--json'], { cwd: workDir, env });
      expect(first.status).toBe(0);
      const report = JSON.parse(first.stdout) as { engine: string; applied: string[] };
      expect(report.engine).toBe('postgres');
      expect(report.applied).toContain('0001_event_log');
      const tables = await target.db.introspection.getTables();
      expect(tables.map((t) => t.name)).toContain('tl_event');

      const second = await runThroughline(['migrate'], { cwd: workDir, env });
      expect(second.status).toBe(0);
      expect(second.stdout).toContain(`Schema is up to date (${report.applied.length} migrations already applied)`);
      expect(second.stdout).toContain('PostgreSQL');
    } finally {
      await target.close();
    }
  });

  it('a failing command prints one line and exits 1; --verbose adds the stack', { timeout: 2 * SPAWN_TIMEOUT }, async () => {
    // Nothing listens on port 1, so connecting fails.
    const env = { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' };
    const quiet = await runThroughline(['migrate'], { cwd: workDir, env });
    expect(quiet.status).toBe(1);
    expect(quiet.stderr.split('\n')[0]).toMatch(/^error: .*ECONNREFUSED/);
    expect(quiet.stderr).not.toMatch(/\n\s+at /);
    const verbose = await runThroughline(['--verbose', 'migrate'], { cwd: workDir, env });
    expect(verbose.status).toBe(1);
    expect(verbose.stderr).toMatch(/\n\s+at /);
  });
});
