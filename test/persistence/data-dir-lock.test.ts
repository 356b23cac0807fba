import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/persistence/database.js';

const LOCK_FILE = 'throughline.lock';

/** The pid of a process that has run and exited (so no process on this host has it now). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

function readLock(dataDir: string): { pid: number; host: string; since: string } {
  return JSON.parse(readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')) as { pid: number; host: string; since: string };
}

async function writeLock(dataDir: string, holder: { pid: number; host: string; since?: string }): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await writeFile(path.join(dataDir, LOCK_FILE), `${JSON.stringify({ since: '2026-01-05T09:00:00.000Z', token: 'stale', ...holder })}\n`);
}

describe('the embedded store locks its data directory', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'throughline-lock-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('holds a lock file naming this process while open; close removes it, and a reopen works', { timeout: 120_000 }, async () => {
    const dataDir = path.join(root, 'release', 'data');
    const first = await openDatabase({ engine: 'pglite', dataDir });
    expect(readLock(dataDir)).toMatchObject({ pid: process.pid, host: hostname() });
    expect(Number.isNaN(Date.parse(readLock(dataDir).since))).toBe(false);
    await first.close();
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
    await first.close(); // a second close is harmless

    const again = await openDatabase({ engine: 'pglite', dataDir });
    try {
      expect(readLock(dataDir).pid).toBe(process.pid);
      await expect(again.db.selectNoFrom((eb) => eb.lit(1).as('one')).executeTakeFirst()).resolves.toEqual({ one: 1 });
    } finally {
      await again.close();
    }
    expect(await readdir(dataDir)).not.toContain(LOCK_FILE);
  });

  it('opening the same directory twice in one process fails clearly; the first stays open and usable', { timeout: 120_000 }, async () => {
    const dataDir = path.join(root, 'twice', 'data');
    const first = await openDatabase({ engine: 'pglite', dataDir });
    try {
      await expect(openDatabase({ engine: 'pglite', dataDir })).rejects.toThrow(
        `the embedded store at ${dataDir} is already open in this process (pid ${process.pid}`,
      );
      expect(readLock(dataDir).pid).toBe(process.pid);
      await expect(first.db.selectNoFrom((eb) => eb.lit(1).as('one')).executeTakeFirst()).resolves.toEqual({ one: 1 });
    } finally {
      await first.close();
    }
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  });

  it('a stale lock (its pid no longer alive on this host) is taken over', { timeout: 120_000 }, async () => {
    const dataDir = path.join(root, 'stale', 'data');
    const dead = await deadPid();
    await writeLock(dataDir, { pid: dead, host: hostname() });
    const store = await openDatabase({ engine: 'pglite', dataDir });
    try {
      expect(readLock(dataDir)).toMatchObject({ pid: process.pid, host: hostname() });
    } finally {
      await store.close();
    }
    expect(await readdir(dataDir)).not.toContain(LOCK_FILE);
  });

  it('a lock held by a live process on this host is refused with its pid, host and since when; the lock stays', async () => {
    const dataDir = path.join(root, 'live', 'data');
    await writeLock(dataDir, { pid: process.ppid, host: hostname() });
    const error = await openDatabase({ engine: 'pglite', dataDir }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toBe(
      `the embedded store at ${dataDir} is in use by process ${process.ppid} on ${hostname()} (since 2026-01-05T09:00:00.000Z); ` +
        'stop it, or point this process at another data directory (THROUGHLINE_DATA_DIR or database.dataDir), ' +
        `or use PostgreSQL (DATABASE_URL) to run several processes. If that process does not exist, delete ${path.join(dataDir, LOCK_FILE)}`,
    );
    expect(readLock(dataDir).pid).toBe(process.ppid);
  });

  it('a lock from another host is not taken over (its pid cannot be checked from here)', async () => {
    const dataDir = path.join(root, 'remote', 'data');
    await writeLock(dataDir, { pid: await deadPid(), host: 'elsewhere.invalid' });
    await expect(openDatabase({ engine: 'pglite', dataDir })).rejects.toThrow(/is in use by process \d+ on elsewhere\.invalid \(since /);
    expect(readLock(dataDir).host).toBe('elsewhere.invalid');
  });
});
