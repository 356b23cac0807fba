import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, open, readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';

/**
 * One process per embedded data directory (ADR 0016). The lock is a small JSON file in the data
 * directory naming its holder. It is created exclusively and complete in one step (written to a
 * private temporary file, then hard-linked to the lock's name: `link` fails if the name exists), so
 * a reader never sees a half-written lock. A lock whose holder is gone (its pid is not alive on this
 * host) is removed only by the process that exclusively created the takeover marker named after
 * that lock's exact content, and only if the lock still has that content; then everybody races for
 * the exclusive create again, which exactly one wins. A marker left by a process that died in the
 * middle of a takeover is itself stale and is removed the same way.
 */
export const LOCK_FILE_NAME = 'throughline.lock';

/** Who holds (or held) a data directory. */
export interface LockHolder {
  pid: number;
  host: string;
  /** When the lock was taken (ISO 8601). */
  since: string;
  /** Unique per lock taken: tells this holder's file from any later one. */
  token: string;
}

/** The data directory is held by another live process (or is already open in this one). */
export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';

  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
    readonly lockFile: string,
    inThisProcess: boolean,
  ) {
    super(
      inThisProcess
        ? `the embedded store at ${dataDir} is already open in this process (pid ${holder.pid}, since ${holder.since}); ` +
            'close it before opening it again: one data directory has one open PGlite instance'
        : `the embedded store at ${dataDir} is in use by process ${holder.pid} on ${holder.host} (since ${holder.since}); ` +
            'stop it, or point this process at another data directory (THROUGHLINE_DATA_DIR or database.dataDir), ' +
            `or use PostgreSQL (DATABASE_URL) to run several processes. If that process does not exist, delete ${lockFile}`,
    );
  }
}

/** A held data-directory lock. */
export interface DataDirLock {
  readonly file: string;
  readonly holder: LockHolder;
  /** Removes the lock file (if it is still this lock's); idempotent. */
  release(): Promise<void>;
}

export interface DataDirLockOptions {
  /** Who takes the lock: this process on this host unless a test simulates other processes. */
  pid?: number;
  host?: string;
  /**
   * Whether a holder still runs. Default: on another host it cannot be checked, so it counts as
   * alive; this process's pid counts only for locks this process holds now (a lock left by an
   * earlier process that had the same pid, e.g. pid 1 in a restarted container, is stale); any
   * other pid is alive if signal 0 reaches it (or is refused with EPERM).
   */
  isAlive?: (holder: LockHolder) => boolean;
  now?: () => Date;
  /** How long to wait for another process that is taking over a stale lock right now (default 10 s). */
  waitMs?: number;
}

// Tokens of the locks and takeover markers this process holds now, and the lock files to remove if
// the process exits without closing its store. On globalThis so two copies of this module agree.
interface Registry {
  tokens: Set<string>;
  locks: Map<string, string>;
  exitHookInstalled: boolean;
}
const registryKey = Symbol.for('throughline.data-dir-lock.registry');
const registry: Registry = ((globalThis as Record<symbol, unknown>)[registryKey] as Registry | undefined) ??
  ((globalThis as Record<symbol, unknown>)[registryKey] = { tokens: new Set(), locks: new Map(), exitHookInstalled: false } as Registry);

const MAX_TAKEOVER_DEPTH = 8;

/** Takes the lock on `dataDir` (which must exist), or throws DataDirInUseError naming the holder. */
export async function acquireDataDirLock(dataDir: string, options: DataDirLockOptions = {}): Promise<DataDirLock> {
  const file = path.join(dataDir, LOCK_FILE_NAME);
  const ownPid = options.pid ?? process.pid;
  const ownHost = options.host ?? hostname();
  const now = options.now ?? (() => new Date());
  const isAlive = options.isAlive ?? ((holder: LockHolder) => defaultIsAlive(holder, ownPid, ownHost));
  const newRecord = (): { holder: LockHolder; content: string } => {
    const holder = { pid: ownPid, host: ownHost, since: now().toISOString(), token: randomBytes(16).toString('hex') };
    return { holder, content: `${JSON.stringify(holder)}\n` };
  };

  /** Removes `target` if it still has the stale content `raw`; 'busy' if a live process is taking it over. */
  const removeStale = async (target: string, raw: string, depth: number): Promise<'done' | 'busy'> => {
    if (depth > MAX_TAKEOVER_DEPTH) {
      throw new Error(`cannot take over the stale lock of the embedded store at ${dataDir}: too many interrupted takeovers; delete ${file}.takeover-* and ${file}`);
    }
    const marker = `${file}.takeover-${createHash('sha256').update(raw).digest('hex').slice(0, 32)}`;
    const mine = newRecord();
    registry.tokens.add(mine.holder.token);
    try {
      if (await createExclusive(marker, mine.content, dataDir)) {
        try {
          // Only the holder of this marker removes a file with this content: if it is still there, it is the stale one.
          if ((await readIfExists(target)) === raw) await unlinkIfExists(target);
        } finally {
          await unlinkIfExists(marker);
        }
        return 'done';
      }
    } finally {
      registry.tokens.delete(mine.holder.token);
    }
    const markerRaw = await readIfExists(marker);
    if (markerRaw === undefined) return 'done';
    const markerHolder = parseHolder(markerRaw);
    if (markerHolder && isAlive(markerHolder)) return 'busy';
    // Its taker died mid-takeover: remove the dead marker the same way, then start over.
    return removeStale(marker, markerRaw, depth + 1);
  };

  const mine = newRecord();
  const deadline = Date.now() + (options.waitMs ?? 10_000);
  for (;;) {
    if (await createExclusive(file, mine.content, dataDir)) break;
    const raw = await readIfExists(file);
    if (raw === undefined) continue; // released in the meantime: race for it again
    const holder = parseHolder(raw);
    if (holder && isAlive(holder)) throw new DataDirInUseError(dataDir, holder, file, holder.pid === ownPid && holder.host === ownHost);
    const outcome = await removeStale(file, raw, 0);
    if (outcome === 'busy') {
      if (Date.now() > deadline) {
        throw new Error(`cannot lock the embedded store at ${dataDir}: another process kept taking over its stale lock (${file}) for ${options.waitMs ?? 10_000} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  // Registered before any other await, so a concurrent open in this process sees a live lock.
  registry.tokens.add(mine.holder.token);
  registry.locks.set(mine.holder.token, file);
  installExitHook();
  let released = false;
  return {
    file,
    holder: mine.holder,
    release: async () => {
      if (released) return;
      released = true;
      try {
        // Still registered while removing it: nobody in this process may take it over meanwhile.
        if ((await readIfExists(file)) === mine.content) await unlinkIfExists(file);
      } finally {
        registry.locks.delete(mine.holder.token);
        registry.tokens.delete(mine.holder.token);
      }
    },
  };
}

function defaultIsAlive(holder: LockHolder, ownPid: number, ownHost: string): boolean {
  if (holder.host !== ownHost) return true;
  if (holder.pid === ownPid) return registry.tokens.has(holder.token);
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseHolder(raw: string): LockHolder | undefined {
  try {
    const value = JSON.parse(raw) as Partial<LockHolder>;
    if (!Number.isSafeInteger(value.pid) || (value.pid as number) <= 0) return undefined;
    if (typeof value.host !== 'string' || typeof value.since !== 'string' || typeof value.token !== 'string') return undefined;
    return { pid: value.pid as number, host: value.host, since: value.since, token: value.token };
  } catch {
    // Not a lock this code wrote completely (it never writes a partial one): nobody holds it.
    return undefined;
  }
}

/** Creates `target` with `content` if it does not exist, atomically and complete; false if it exists. */
async function createExclusive(target: string, content: string, dir: string): Promise<boolean> {
  const temporary = path.join(dir, `${LOCK_FILE_NAME}.${randomBytes(8).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temporary, target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new Error(`cannot create the lock file ${target} of the embedded store: ${(error as Error).message}`, { cause: error });
  } finally {
    await unlinkIfExists(temporary);
  }
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function unlinkIfExists(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** A process that exits without closing its store (process.exit) still removes its lock files. */
function installExitHook(): void {
  if (registry.exitHookInstalled) return;
  registry.exitHookInstalled = true;
  process.once('exit', () => {
    for (const [token, file] of registry.locks) {
      try {
        if (readFileSync(file, 'utf8').includes(token)) unlinkSync(file);
      } catch {
        // Gone already, or unreadable: nothing to release.
      }
    }
  });
}
