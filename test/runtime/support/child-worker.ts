import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** A worker child process with a count of the lines it printed. */
export interface ChildWorker {
  process: ChildProcess;
  lines(match: string): number;
  /** Resolves with the exit code (or the signal's name) when the child ends. */
  exited: Promise<number | string>;
  stderr(): string;
}

/** Spawns `node --import tsx <fixture>` from the repository root with extra environment. */
export function spawnChildWorker(fixture: string, env: Record<string, string>): ChildWorker {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    cwd: path.resolve(import.meta.dirname, '../../..'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const counts = new Map<string, number>();
  let pending = '';
  let errors = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    for (const line of parts) counts.set(line, (counts.get(line) ?? 0) + 1);
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString('utf8')).slice(-8_000);
  });
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return { process: child, lines: (match) => counts.get(match) ?? 0, exited, stderr: () => errors };
}

/** Bounded poll (cross-process): resolves when `condition` holds, rejects after `deadlineMs`. */
export async function pollUntil(condition: () => boolean | Promise<boolean>, deadlineMs: number, what: string): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
