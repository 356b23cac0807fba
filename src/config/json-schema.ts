import { z } from 'zod';
import { configSchema } from './config-schema.js';

/** Where the generated JSON Schema of the config is checked in (relative to the repository root). */
export const CONFIG_JSON_SCHEMA_PATH = 'docs/schemas/config.schema.json';

/** The JSON Schema of `throughline.yaml` (input side: defaults are optional), for editor completion. */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
  return {
    ...schema,
    title: 'Throughline configuration (throughline.yaml)',
  };
}

/** The file content as written by `npm run schemas:config` (stable key order, trailing newline). */
export function renderConfigJsonSchema(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
