import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError } from './config-error.js';
import { configSchema, type ThroughlineConfig } from './config-schema.js';
import { missingEnvReferences } from './env-references.js';
import { configErrorMap, formatConfigIssues } from './issue-messages.js';

/** File name looked up in the working directory when no `--config` is given. */
export const DEFAULT_CONFIG_FILE = 'throughline.yaml';

/** How to find and check the configuration. */
export interface LoadConfigOptions {
  /** Path named by `--config`; then a missing file is an error. Otherwise `throughline.yaml` if present. */
  path?: string | undefined;
  /** Folder that relative paths resolve against (default `process.cwd()`). */
  cwd?: string | undefined;
  /** Where secrets are looked up (default `process.env`). */
  env?: NodeJS.ProcessEnv | undefined;
  /** Require every referenced `…Env` variable to be set (default true). */
  checkSecrets?: boolean | undefined;
}

/** The validated configuration and where it came from. */
export interface LoadedConfig {
  /** Validated, defaults applied; `database.dataDir`, when set, is an absolute path. */
  config: ThroughlineConfig;
  /** Absolute path of the file read, or undefined when defaults were used. */
  file: string | undefined;
}

/**
 * Reads, parses and validates the configuration. Throws ConfigError (`path: reason` lines) on any
 * problem; the CLI turns that into exit status 2.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const file = path.resolve(cwd, options.path ?? DEFAULT_CONFIG_FILE);
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' || options.path !== undefined) {
      throw new ConfigError(file, [code === 'ENOENT' ? 'config file not found' : `cannot read config file (${code ?? String(error)})`]);
    }
  }
  if (text === undefined) {
    return { config: parseConfig({}, { file: undefined, env, baseDir: cwd, checkSecrets: options.checkSecrets }), file: undefined };
  }
  return { config: parseConfigText(text, { file, env, checkSecrets: options.checkSecrets }), file };
}

/** Parses YAML text and validates it (see parseConfig). */
export function parseConfigText(
  text: string,
  options: { file?: string | undefined; env?: NodeJS.ProcessEnv | undefined; checkSecrets?: boolean | undefined } = {},
): ThroughlineConfig {
  // prettyErrors appends " at line L, column C:" and an excerpt; keep the first line only.
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      options.file,
      doc.errors.map((e) => `invalid YAML: ${(e.message.split('\n')[0] ?? '').replace(/:$/, '')}`),
    );
  }
  const data: unknown = doc.toJS() ?? {};
  const baseDir = options.file ? path.dirname(options.file) : process.cwd();
  return parseConfig(data, { ...options, baseDir });
}

/**
 * Everything that makes a configuration unusable, as `path: reason` lines: the schema (fields,
 * auth type per system, per-system settings, schedules naming pollers the hub runs), then — unless
 * `checkSecrets: false` — every referenced secret variable set in `env`. The one check behind
 * `config check`, every command's config loading and the hub's start (see `assertRunnableConfig`),
 * so they cannot disagree. Empty `problems` means `config` is the validated configuration.
 */
export function validateConfig(
  data: unknown,
  options: { env?: NodeJS.ProcessEnv | undefined; checkSecrets?: boolean | undefined } = {},
): { config: ThroughlineConfig; problems: [] } | { config: undefined; problems: string[] } {
  const result = configSchema.safeParse(data, { error: configErrorMap });
  if (!result.success) return { config: undefined, problems: formatConfigIssues(result.error.issues) };
  if (options.checkSecrets !== false) {
    const missing = missingEnvReferences(result.data, options.env ?? process.env);
    if (missing.length > 0) return { config: undefined, problems: missing };
  }
  return { config: result.data, problems: [] };
}

/**
 * Throws ConfigError unless `config` passes validateConfig with the secrets of `env`: what the hub
 * (`serve`, `worker`, the demo) calls before building anything, with the same checks and messages
 * as `config check`.
 */
export function assertRunnableConfig(config: ThroughlineConfig, env: NodeJS.ProcessEnv, file?: string): void {
  const { problems } = validateConfig(config, { env });
  if (problems.length > 0) throw new ConfigError(file, problems);
}

/**
 * Validates already-parsed data (validateConfig): schema first, then that every referenced secret
 * variable is set. Relative `database.dataDir` resolves against `baseDir` (the config file's folder).
 */
export function parseConfig(
  data: unknown,
  options: { file?: string | undefined; env?: NodeJS.ProcessEnv | undefined; baseDir?: string | undefined; checkSecrets?: boolean | undefined } = {},
): ThroughlineConfig {
  const { config, problems } = validateConfig(data, options);
  if (!config) throw new ConfigError(options.file, problems);
  if (config.database.dataDir !== undefined) {
    config.database.dataDir = path.resolve(options.baseDir ?? process.cwd(), config.database.dataDir);
  }
  return config;
}
