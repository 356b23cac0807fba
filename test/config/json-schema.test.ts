import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderConfigJsonSchema } from '../../src/config/json-schema.js';

describe('config JSON Schema', () => {
  it('the checked-in docs/schemas/config.schema.json is current (run `npm run schemas:config` if not)', async () => {
    const checkedIn = await readFile(new URL('../../docs/schemas/config.schema.json', import.meta.url), 'utf8');
    expect(checkedIn).toBe(renderConfigJsonSchema());
  });

  it('describes the sections and the auth variants for editor completion', () => {
    const schema = JSON.parse(renderConfigJsonSchema()) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(['database', 'server', 'logging', 'connections', 'policies', 'schedules', 'sinks']);
    const text = JSON.stringify(schema);
    for (const type of ['oauth_client_credentials', 'netsuite_jwt', 'anaplan_basic', 'workday_refresh_token']) expect(text).toContain(type);
  });
});
