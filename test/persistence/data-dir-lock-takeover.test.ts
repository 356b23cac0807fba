import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirInUseError, LOCK_FILE_NAME, type DataDirLock, type LockHolder } from '../../src/persistence/data-dir-lock.js';

// Contenders are simulated processes (pid 1000 + i on one host) interleaving at every file-system
// await of one event loop; the stale holder (pid 999) is the only dead one.
const HOST = 'host-a';
const DEAD = 999;
const isAlive = (holder: LockHolder) => holder.pid !== DEAD;
const stale = (token: string): string => `${JSON.stringify({ pid: DEAD, host: HOST, since: '2026-01-05T09:00:00.000Z', token })}\n`;

describe('taking over a stale data-directory lock', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'throughline-takeover-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('eight contenders for one stale lock, 100 rounds: exactly one wins each round, the others are told its pid', async () => {
    for (let round = 0; round < 100; round++) {
      const dir = path.join(root, `round-${round}`);
      await mkdir(dir);
      await writeFile(path.join(dir, LOCK_FILE_NAME), stale(`r${round}`));
      const outcomes = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => acquireDataDirLock(dir, { pid: 1000 + i, host: HOST, isAlive })));
      const winners = outcomes.filter((o): o is PromiseFulfilledResult<DataDirLock> => o.status === 'fulfilled').map((o) => o.value);
      expect(winners, `round ${round}`).toHaveLength(1);
      const winner = winners[0]!;
      for (const outcome of outcomes) {
        if (outcome.status === 'fulfilled') continue;
        expect(outcome.reason).toBeInstanceOf(DataDirInUseError);
        expect((outcome.reason as DataDirInUseError).holder).toEqual(winner.holder);
      }
      expect(JSON.parse(await readFile(path.join(dir, LOCK_FILE_NAME), 'utf8'))).toEqual(winner.holder);
      await winner.release();
      // No lock, takeover marker or temporary file is left behind.
      expect(await readdir(dir)).toEqual([]);
    }
  });

  it('a takeover marker left by a contender that died mid-takeover is itself taken over', async () => {
    const dir = path.join(root, 'dead-marker');
    await mkdir(dir);
    const raw = stale('orphaned');
    await writeFile(path.join(dir, LOCK_FILE_NAME), raw);
    // What a contender that died holding the marker for this stale lock leaves behind.
    const { createHash } = await import('node:crypto');
    const marker = `${LOCK_FILE_NAME}.takeover-${createHash('sha256').update(raw).digest('hex').slice(0, 32)}`;
    await writeFile(path.join(dir, marker), stale('died-while-taking-over'));
    const outcomes = await Promise.allSettled(Array.from({ length: 4 }, (_, i) => acquireDataDirLock(dir, { pid: 2000 + i, host: HOST, isAlive })));
    const winners = outcomes.filter((o): o is PromiseFulfilledResult<DataDirLock> => o.status === 'fulfilled').map((o) => o.value);
    expect(winners).toHaveLength(1);
    await winners[0]!.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('a lock file that is not a complete lock record (e.g. emptied by a crash) counts as stale', async () => {
    const dir = path.join(root, 'garbage');
    await mkdir(dir);
    await writeFile(path.join(dir, LOCK_FILE_NAME), '');
    const lock = await acquireDataDirLock(dir, { pid: 3000, host: HOST, isAlive });
    expect(lock.holder.pid).toBe(3000);
    await lock.release();
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('release leaves alone a lock file that is no longer its own', async () => {
    const dir = path.join(root, 'replaced');
    await mkdir(dir);
    const lock = await acquireDataDirLock(dir, { pid: 4000, host: HOST, isAlive });
    const other = `${JSON.stringify({ pid: 4001, host: HOST, since: '2026-01-05T09:00:00.000Z', token: 'other' })}\n`;
    await writeFile(path.join(dir, LOCK_FILE_NAME), other);
    await lock.release();
    expect(await readFile(path.join(dir, LOCK_FILE_NAME), 'utf8')).toBe(other);
  });
});
