import { formatConfigPath } from './issue-messages.js';

/** One `…Env` field of the config: where it is and which variable it names. */
export interface EnvReference {
  path: string;
  variable: string;
}

/** Every field whose name ends in `Env` (secrets live in the environment, the config names them). */
export function findEnvReferences(value: unknown, path: PropertyKey[] = []): EnvReference[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => findEnvReferences(item, [...path, index]));
  if (value === null || typeof value !== 'object') return [];
  const found: EnvReference[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (key.endsWith('Env') && typeof child === 'string') found.push({ path: formatConfigPath([...path, key]), variable: child });
    else found.push(...findEnvReferences(child, [...path, key]));
  }
  return found;
}

/** `path: environment variable X is not set` for each referenced variable that is missing or empty. */
export function missingEnvReferences(config: unknown, env: NodeJS.ProcessEnv): string[] {
  return findEnvReferences(config)
    .filter((ref) => !env[ref.variable])
    .map((ref) => `${ref.path}: environment variable ${ref.variable} is not set`);
}

/** Reads a secret the config refers to by variable name; throws naming the variable when unset. */
export function readSecret(env: NodeJS.ProcessEnv, variable: string): string {
  const value = env[variable];
  if (!value) throw new Error(`environment variable ${variable} is not set`);
  return value;
}
