import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's `bin/throughline.js`, the same file `npx throughline` runs. */
export const binPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/throughline.js');

/** What one CLI invocation produced. */
export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Spawns `node bin/throughline.js ...args` in `cwd`. The environment is the test's minus
 * DATABASE_URL / THROUGHLINE_DATA_DIR (so a developer's settings never leak in), plus `env`.
 */
export function runThroughline(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (!options.env?.DATABASE_URL) delete env.DATABASE_URL;
  if (!options.env?.THROUGHLINE_DATA_DIR) delete env.THROUGHLINE_DATA_DIR;
  return new Promise((resolve) => {
    execFile(process.execPath, [binPath, ...args], { cwd: options.cwd, env, timeout: 110_000 }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ status, stdout, stderr });
    });
  });
}
