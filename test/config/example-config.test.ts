import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { findEnvReferences, parseConfigText } from '../../src/config/index.js';
import { configJsonSchema } from '../../src/config/json-schema.js';

/** Every property name the JSON Schema of the config declares, at any depth. */
function propertyNames(schema: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) schema.forEach((s) => propertyNames(s, into));
  else if (schema && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'properties' && value && typeof value === 'object') Object.keys(value).forEach((k) => into.add(k));
      propertyNames(value, into);
    }
  }
  return into;
}

describe('throughline.example.yaml', () => {
  it('is a valid configuration once its secret variables are set', async () => {
    const text = await readFile(new URL('../../throughline.example.yaml', import.meta.url), 'utf8');
    const unchecked = parseConfigText(text, { checkSecrets: false });
    const env = Object.fromEntries(findEnvReferences(unchecked).map((ref) => [ref.variable, 'set']));
    const config = parseConfigText(text, { env });
    expect(config.connections.map((c) => c.system)).toEqual(['salesforce', 'certinia', 'netsuite', 'workday', 'anaplan']);
  });

  it('documents every field of the schema', async () => {
    const text = await readFile(new URL('../../throughline.example.yaml', import.meta.url), 'utf8');
    const missing = [...propertyNames(configJsonSchema())].filter((name) => !new RegExp(`\\b${name}:`).test(text));
    expect(missing).toEqual([]);
  });

  it('rejects an unknown time zone on a schedule', () => {
    expect(() => parseConfigText('schedules:\n  - { name: a, cron: "* * * * *", job: x, timezone: Mars/Olympus }\n', { env: {} })).toThrow(
      /schedules\[0\]\.timezone: must be an IANA time zone/,
    );
  });
});
