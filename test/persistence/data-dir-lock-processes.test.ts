import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath, runThroughline } from '../cli/run-throughline.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const LOCK_FILE = 'throughline.lock';
const BOUND_MS = 90_000;

/** A child process whose stdout + stderr are collected, with a bounded wait on what it printed. */
interface Child {
  process: ChildProcess;
  pid: number;
  output(): string;
  waitFor(condition: (output: string) => boolean, what: string): Promise<void>;
  exited: Promise<number | string>;
}

function start(args: string[], options: { cwd: string; env?: Record<string, string> }): Child {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  delete env.DATABASE_URL;
  if (!options.env?.THROUGHLINE_DATA_DIR) delete env.THROUGHLINE_DATA_DIR;
  const child = spawn(process.execPath, args, { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  const waiters = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const wake of waiters) wake();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  let ended = false;
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => {
      ended = true;
      for (const wake of waiters) wake();
      resolve(code ?? signal ?? -1);
    }),
  );
  const waitFor = (condition: (output: string) => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (condition(output)) finish(resolve);
        else if (ended) finish(() => reject(new Error(`process ended before ${what}; it printed:\n${output}`)));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`timed out waiting for ${what}; it printed:\n${output}`))), BOUND_MS);
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        settle();
      };
      waiters.add(check);
      check();
    });
  return { process: child, pid: child.pid!, output: () => output, waitFor, exited };
}

/** Resolves with the exit code, or rejects if the child is still running after the bound. */
async function exitWithin(child: Child, what: string): Promise<number | string> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} still running after ${BOUND_MS} ms; it printed:\n${child.output()}`)), BOUND_MS);
  });
  try {
    return await Promise.race([child.exited, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function holder(dataDir: string): Child {
  return start(['--import', 'tsx', path.join(repoRoot, 'test/persistence/fixtures/hold-embedded-store.ts')], {
    cwd: repoRoot,
    env: { HOLD_DATA_DIR: dataDir },
  });
}

describe('one embedded store, one process (real processes)', () => {
  let root: string;
  const children: Child[] = [];
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'throughline-lock-proc-'));
  });
  afterAll(async () => {
    for (const child of children) if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
    await Promise.all(children.map((child) => child.exited));
    await rm(root, { recursive: true, force: true });
  });

  it('a second `throughline serve` on the same data directory exits non-zero at once, naming the first one\'s pid; once the first stops, the lock is gone and the store opens', { timeout: 5 * BOUND_MS }, async () => {
    const workDir = await mkdtemp(path.join(root, 'serve-'));
    await writeFile(path.join(workDir, 'throughline.yaml'), 'database:\n  dataDir: data\nserver:\n  port: 0\nlogging:\n  level: silent\n');
    const dataDir = path.join(workDir, 'data');

    const first = start([binPath, 'serve', '--no-pollers'], { cwd: workDir });
    children.push(first);
    await first.waitFor((out) => out.includes('listening on'), 'the first serve to listen');

    const second = start([binPath, 'serve', '--no-pollers'], { cwd: workDir });
    children.push(second);
    // Fails fast: it must exit on its own, never get as far as listening.
    await second.waitFor((out) => out.includes('listening on') || second.process.exitCode !== null, 'the second serve to exit');
    expect(second.output()).not.toContain('listening on');
    const code = await exitWithin(second, 'the second serve');
    expect(code).toBe(1);
    expect(second.output()).toContain(`error: the embedded store at ${dataDir} is in use by process ${first.pid} on ${hostname()}`);
    expect(second.output()).toMatch(/since \d{4}-\d\d-\d\dT/);
    expect(second.output()).toContain('PostgreSQL');
    const lock = JSON.parse(readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')) as { pid: number; host: string };
    expect(lock).toMatchObject({ pid: first.pid, host: hostname() });

    first.process.kill('SIGTERM');
    expect(await exitWithin(first, 'the first serve after SIGTERM')).toBe(0);
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
    const migrate = await runThroughline(['migrate'], { cwd: workDir });
    expect(migrate.stderr).toBe('');
    expect(migrate.status).toBe(0);
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  });

  it('a holder killed with SIGKILL leaves a stale lock; of two processes racing to take it over, exactly one wins', { timeout: 5 * BOUND_MS }, async () => {
    const dataDir = path.join(root, 'crash', 'data');
    const crashed = holder(dataDir);
    children.push(crashed);
    await crashed.waitFor((out) => out.includes('ready'), 'the first holder to load');
    crashed.process.stdin!.write('go\n');
    await crashed.waitFor((out) => out.includes(`opened ${crashed.pid}`), 'the first holder to open the store');
    crashed.process.kill('SIGKILL');
    await crashed.exited;
    const stale = JSON.parse(readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')) as { pid: number };
    expect(stale.pid).toBe(crashed.pid);

    const racers = [holder(dataDir), holder(dataDir)];
    children.push(...racers);
    await Promise.all(racers.map((racer) => racer.waitFor((out) => out.includes('ready'), 'a racer to load')));
    for (const racer of racers) racer.process.stdin!.write('go\n');
    await Promise.all(racers.map((racer) => racer.waitFor((out) => /opened \d+|refused /.test(out), 'a racer to open or be refused')));
    const winners = racers.filter((racer) => racer.output().includes(`opened ${racer.pid}`));
    expect(winners, racers.map((racer) => racer.output()).join('\n---\n')).toHaveLength(1);
    const winner = winners[0]!;
    const loser = racers.find((racer) => racer !== winner)!;
    expect(await exitWithin(loser, 'the refused racer')).toBe(3);
    expect(loser.output()).toContain(`is in use by process ${winner.pid} on ${hostname()}`);
    expect(JSON.parse(readFileSync(path.join(dataDir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: winner.pid });

    winner.process.stdin!.write('close\n');
    expect(await exitWithin(winner, 'the winner after close')).toBe(0);
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  });
});
